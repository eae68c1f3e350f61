package loom.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import loom.testing.ArquillianServer;
import loom.testing.ContainerLog;
import loom.testing.GatewayClient;
import loom.testing.GatewayWar;
import loom.testing.InContainer;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway reads the loom.yaml its container's JNDI entry {@code loom/config} names (a Tomcat context
 * descriptor, a Jetty jetty-env.xml: {@link GatewayWar}); a bad configuration or a store that cannot be opened stops
 * its deploy, with one message naming the key or the store and what is wrong, and leaves the other deployments of
 * the server untouched. Run by Arquillian on Tomcat 11 and Jetty 12 (Tomcat 10.1 reads JNDI entries as 11 does).
 */
@InContainer
class JndiConfigurationIT {
  private static final String GOOD = "loom-jndi";
  private static final String BAD_VALUE = "loom-bad";
  private static final String NO_STORE = "loom-nostore";
  private static final String KEY = "lk-jndi-config-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** A port nobody listens on, for the store that cannot be opened. */
  private static final int CLOSED_PORT = closedPort();

  private final ArquillianServer server = ArquillianServer.current();

  @ArquillianResource private Deployer deployer;

  @ArquillianResource
  @OperateOnDeployment(GOOD)
  private URL good;

  @Deployment(name = GOOD, testable = false)
  static WebArchive good() {
    Path db =
        Path.of(System.getProperty("arq.config.dir", "target/arquillian/config"), GOOD + ".db")
            .toAbsolutePath();
    return GatewayWar.named(
        GOOD,
        "storage: { url: 'jdbc:sqlite:"
            + db
            + "' }\n"
            + "providers: [ { id: demo, type: demo } ]\n"
            + "auth: { bootstrap_admin_key: "
            + KEY
            + " }\n");
  }

  @Deployment(name = BAD_VALUE, managed = false, testable = false)
  static WebArchive badValue() {
    return GatewayWar.named(BAD_VALUE, "server: { upstream_timeout: 5 minutes }\n");
  }

  @Deployment(name = NO_STORE, managed = false, testable = false)
  static WebArchive noStore() {
    return GatewayWar.named(NO_STORE, "storage: { url: '" + unreachableStore() + "' }\n");
  }

  @AfterEach
  void theGoodDeploymentIsUntouched() {
    assertThat(GatewayClient.at(good, KEY).get("/v1/models").statusCode()).isEqualTo(200);
  }

  @Test
  void theGatewayReadsTheLoomYamlItsJndiEntryNames() throws Exception {
    GatewayClient gateway = GatewayClient.at(good, KEY);
    // Only that file names this key as its admin's, and only it leaves the demo provider alone.
    assertThat(JSON.readTree(gateway.get("/api/v1/me").body()).path("name").asText())
        .isEqualTo("admin");
    assertThat(gateway.get("/v1/models").body()).contains("demo-chat");
    assertThat(GatewayClient.at(good, GatewayClient.ADMIN_KEY).get("/api/v1/me").statusCode())
        .isEqualTo(401);
  }

  @Test
  void aBadValueStopsTheDeployWithAMessageNamingKeyValueAndWhatIsAllowed() throws Exception {
    ContainerLog log = deployExpectingFailure(BAD_VALUE);
    assertThat(log.sinceMark())
        .contains(
            "Loom Gateway not started, fix the configuration: server.upstream_timeout: "
                + "must be a duration like 500ms, 30s, 5m, 2h or 90d; got '5 minutes'");
    assertThat(GatewayClient.at(urlOf(BAD_VALUE), null).get("/api/v1/health").statusCode())
        .isEqualTo(server.statusOfAFailedDeployment());
    deployer.undeploy(BAD_VALUE);
    // Tomcat's leak check at the failed start's stop: the store was never opened, yet the JDBC
    // driver must not stay registered (Jetty has no such check).
    assertThat(log.sinceMark()).doesNotContain("failed to unregister");
  }

  @Test
  void anUnreachableStoreStopsTheDeployNamingItsUrl() throws Exception {
    ContainerLog log = deployExpectingFailure(NO_STORE);
    assertThat(log.sinceMark())
        .contains(
            "Loom Gateway not started, fix the store: Cannot open the store " + unreachableStore());
    assertThat(GatewayClient.at(urlOf(NO_STORE), null).get("/api/v1/health").statusCode())
        .isEqualTo(server.statusOfAFailedDeployment());
    deployer.undeploy(NO_STORE);
    assertThat(log.sinceMark()).doesNotContain("failed to unregister");
  }

  /**
   * Deploys a gateway whose start must fail and returns the server's log from before the deploy, once it says the
   * gateway did not start. Tomcat's Manager answers that the context failed to start (the adapter throws); Jetty
   * keeps it, unavailable.
   */
  private ContainerLog deployExpectingFailure(String name)
      throws IOException, InterruptedException {
    ContainerLog log = server.markLog();
    try {
      deployer.deploy(name);
    } catch (RuntimeException expectedOnTomcat) {
      // The log below says why.
    }
    log.awaitLine("Loom Gateway not started", WAIT);
    return log;
  }

  private URL urlOf(String name) throws IOException {
    return new URL("http://127.0.0.1:" + System.getProperty("arq.http.port") + "/" + name);
  }

  private static String unreachableStore() {
    return "jdbc:postgresql://127.0.0.1:" + CLOSED_PORT + "/loom";
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
