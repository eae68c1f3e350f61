package loom.testing;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes the password of the Arquillian Tomcat's one Manager user anew for each test JVM, before Arquillian reads
 * arquillian.xml (which passes it to Tomcat and to the adapter), so no fixed password can deploy code into it.
 * Registered before Arquillian's own extension ({@link InContainer}).
 */
final class ManagerPassword implements BeforeAllCallback {
  static final String PROPERTY = "arq.manager.password";

  @Override
  public void beforeAll(ExtensionContext context) {
    if (System.getProperty(PROPERTY) == null) {
      byte[] bytes = new byte[24];
      new SecureRandom().nextBytes(bytes);
      System.setProperty(PROPERTY, HexFormat.of().formatHex(bytes));
    }
  }
}
