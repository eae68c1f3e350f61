package loom.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.runtime.ObjectMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go, at undeploy, of what Java 17 itself keeps of the gateway and so would keep its whole class loader in
 * memory (Tomcat's Manager reports both with "find leaks"; both are fixed in later Javas, where this changes
 * nothing). Stateless.
 * <ul>
 *   <li>A record's equals, hashCode and toString are made by {@link ObjectMethods} from method handles shared
 *       across the JVM, each of which keeps the last type it was adapted to (JDK-8078641, fixed in Java 18): the
 *       gateway's records stay there until another application makes record methods.</li>
 *   <li>The JDK's "process reaper" thread takes the context class loader of the thread that first starts a process
 *       (sqlite-jdbc runs {@code uname} as it loads its native library), and keeps it until it has been idle for a
 *       minute.</li>
 * </ul>
 */
final class Java17Leaks {
  private static final Logger log = LoggerFactory.getLogger(Java17Leaks.class);
  private static final String[] RECORD_METHODS = {"equals", "hashCode", "toString"};
  private static final String PROCESS_REAPER = "process reaper";

  private Java17Leaks() {}

  /** Releases what Java 17 keeps of {@code gateway}, the web application's class loader. */
  static void release(ClassLoader gateway) {
    forgetRecordTypes();
    releaseProcessReapers(gateway);
  }

  /** Makes the three record methods for {@link String} as if it were a record of one String component. */
  private static void forgetRecordTypes() {
    MethodHandle component = MethodHandles.identity(String.class);
    for (String method : RECORD_METHODS) {
      try {
        ObjectMethods.bootstrap(
            MethodHandles.lookup(), method, MethodHandle.class, String.class, "value", component);
      } catch (Throwable e) {
        // Only the class loader's release depends on it: the undeploy goes on, as it would without
        // this.
        log.warn(
            "Could not clear the record method caches of Java 17 at undeploy: {}", e.toString());
        return;
      }
    }
  }

  private static void releaseProcessReapers(ClassLoader gateway) {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (PROCESS_REAPER.equals(thread.getName()) && thread.getContextClassLoader() == gateway) {
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
      }
    }
  }
}
