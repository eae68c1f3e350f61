package loom.testing;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * The server Arquillian runs the {@link InContainer} tests in ({@code -Darquillian.launch}: t10, t11 or j12): its
 * log, and how it shows what an undeployed gateway left behind. Tomcat checks that itself at undeploy (it logs a
 * warning per thread the application failed to stop, and its Manager finds class loaders of stopped applications
 * still in memory); Jetty does not, so for the embedded Jetty, which runs in this JVM, the test looks itself: a
 * thread still running with the web application's class loader, or that class loader still reachable. (The embedded
 * adapter loads the WAR's classes from the test class path first, so there the class loader holds the WAR's
 * resources but not the gateway's classes.)
 */
public abstract sealed class ArquillianServer
    permits ArquillianServer.Tomcat, ArquillianServer.Jetty {
  /** What Tomcat logs when an application left a thread running or a reference that pins its class loader. */
  private static final List<String> TOMCAT_LEAK_WARNINGS =
      List.of("appears to have started a thread", "failed to stop it", "memory leak");

  private final String name;

  private ArquillianServer(String name) {
    this.name = name;
  }

  /** The server of this test run. */
  public static ArquillianServer current() {
    String launch = System.getProperty("arquillian.launch", "");
    return switch (launch) {
      case "t10", "t11" -> new Tomcat(launch, Path.of(System.getProperty("arq.catalina.home")));
      case "j12" -> new Jetty();
      default ->
          throw new IllegalStateException(
              "arquillian.launch is '"
                  + launch
                  + "': run the Arquillian tests through `mvn verify` (executions arq-t10, arq-t11, arq-j12)");
    };
  }

  /** The qualifier of arquillian.xml: t10, t11 or j12. */
  public String name() {
    return name;
  }

  /** The server's log (its own messages and the gateway's), from now on. */
  public abstract ContainerLog markLog() throws IOException;

  /** What a request to a path of a deployment that failed to start gets: Tomcat has no such context, Jetty a 503. */
  public abstract int statusOfAFailedDeployment();

  /**
   * Taken while a gateway is deployed and has served: call {@link Leaks#afterUndeploy} on it once the gateway is
   * undeployed to learn what the undeploy left behind.
   */
  public abstract Leaks watchLeaks();

  /** What an undeployed gateway left behind, one line each; none when it left nothing. */
  public interface Leaks {
    List<String> afterUndeploy(String undeployLog) throws IOException, InterruptedException;
  }

  static final class Tomcat extends ArquillianServer {
    private static final String NO_LEAKS = "OK - No memory leaks found";
    private static final Duration FIND_LEAKS_WAIT = Duration.ofSeconds(30);
    private static final int RENEWING_REQUESTS = 20;
    private final Path catalinaHome;

    Tomcat(String name, Path catalinaHome) {
      super(name);
      this.catalinaHome = catalinaHome;
    }

    @Override
    public ContainerLog markLog() throws IOException {
      return ContainerLog.markNow(catalinaHome.resolve("logs/container.log"));
    }

    @Override
    public int statusOfAFailedDeployment() {
      return 404;
    }

    @Override
    public Leaks watchLeaks() {
      return undeployLog -> {
        List<String> leaks =
            new ArrayList<>(
                undeployLog
                    .lines()
                    .filter(line -> TOMCAT_LEAK_WARNINGS.stream().anyMatch(line::contains))
                    .toList());
        // The Manager's "find leaks" collects garbage and lists stopped applications whose classes
        // are still loaded. Tomcat renews its request threads (whose thread locals may still hold
        // the application's objects) only once each has served a request a second after the
        // undeploy: give it requests and time before judging.
        String findLeaks = "";
        Instant deadline = Instant.now().plus(FIND_LEAKS_WAIT);
        do {
          Thread.sleep(1_500);
          for (int i = 0; i < RENEWING_REQUESTS; i++) {
            manager("/text/serverinfo");
          }
          findLeaks = manager("/text/findleaks?statusLine=true");
        } while (!findLeaks.startsWith(NO_LEAKS) && Instant.now().isBefore(deadline));
        if (!findLeaks.startsWith(NO_LEAKS)) {
          leaks.add("Manager findleaks: " + findLeaks.strip());
        }
        return leaks;
      };
    }

    private static String manager(String command) throws IOException, InterruptedException {
      String credentials = "arquillian:" + System.getProperty(ManagerPassword.PROPERTY);
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:"
                          + System.getProperty("arq.http.port")
                          + "/manager"
                          + command))
              .header(
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
              .timeout(Duration.ofSeconds(60))
              .GET()
              .build();
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "Manager " + command + " answered " + response.statusCode());
      }
      return response.body();
    }
  }

  static final class Jetty extends ArquillianServer {
    /** Jetty's own request threads: they run the application's code but belong to the server. */
    private static final String JETTY_POOL_THREADS = "qtp";

    private static final String WEB_APP_CLASS_LOADER =
        "org.eclipse.jetty.ee10.webapp.WebAppClassLoader";

    /** The names of the threads the gateway starts itself. */
    private static final String GATEWAY_THREADS = "loom-";

    private static final Duration SETTLE = Duration.ofSeconds(10);

    Jetty() {
      super("j12");
    }

    @Override
    public ContainerLog markLog() throws IOException {
      return ContainerLog.markNow(Path.of(System.getProperty("arq.container.log")));
    }

    @Override
    public int statusOfAFailedDeployment() {
      return 503;
    }

    /**
     * The application's threads are those whose context class loader is its web application class loader (they
     * inherit it from the thread that started them), as Tomcat decides too.
     */
    @Override
    public Leaks watchLeaks() {
      // The gateway's class loader, from one of its own threads: there may be others, of earlier
      // deployments.
      ClassLoader gateway =
          applicationThreads()
              .filter(thread -> thread.getName().startsWith(GATEWAY_THREADS))
              .map(Thread::getContextClassLoader)
              .findAny()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no thread of the deployed gateway found to watch"));
      WeakReference<ClassLoader> loader = new WeakReference<>(gateway);
      return undeployLog -> {
        Instant deadline = Instant.now().plus(SETTLE);
        while (loader.get() != null && Instant.now().isBefore(deadline)) {
          System.gc();
          Thread.sleep(200);
        }
        List<String> leaks = new ArrayList<>();
        ClassLoader left = loader.get();
        if (left != null) {
          // As Tomcat decides: a thread still running with the gateway's class loader is one it
          // failed to stop.
          applicationThreads()
              .filter(thread -> thread.getContextClassLoader() == left)
              .forEach(thread -> leaks.add("thread [" + thread.getName() + "] is still running"));
          leaks.add("the gateway's class loader " + left + " is still reachable");
        }
        return leaks;
      };
    }

    private static Stream<Thread> applicationThreads() {
      return Thread.getAllStackTraces().keySet().stream()
          .filter(
              thread ->
                  thread.getContextClassLoader() != null
                      && thread
                          .getContextClassLoader()
                          .getClass()
                          .getName()
                          .equals(WEB_APP_CLASS_LOADER))
          .filter(thread -> !thread.getName().startsWith(JETTY_POOL_THREADS));
    }
  }
}
