package loom.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import loom.testing.ArquillianServer;
import loom.testing.ContainerLog;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.GatewayWar;
import loom.testing.InContainer;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Undeploying and redeploying the gateway on a running server leaves nothing behind and it serves again. Tomcat
 * checks at undeploy for threads the application failed to stop and references that keep its class loader, and
 * logs a warning for each; its Manager then finds class loaders of stopped applications still in memory. For Jetty,
 * which checks neither, {@link ArquillianServer} looks for the gateway's threads and class loader itself. Run by
 * Arquillian on Tomcat 10.1, Tomcat 11 and Jetty 12.
 */
@InContainer
class RedeployIT {
  private static final String NAME = "loom-redeploy";
  private static final String KEY = "lk-redeploy-0123456789abcdef";
  private static final Duration WAIT = Duration.ofSeconds(120);
  private final ArquillianServer server = ArquillianServer.current();

  @ArquillianResource private Deployer deployer;

  /** Deployed by the test itself: it undeploys and deploys it again. */
  @Deployment(name = NAME, managed = false, testable = false)
  static WebArchive gateway() {
    Path db =
        Path.of(System.getProperty("arq.config.dir", "target/arquillian/config"), NAME + ".db")
            .toAbsolutePath();
    return GatewayWar.named(
        NAME,
        "storage: { url: 'jdbc:sqlite:"
            + db
            + "' }\n"
            + "providers:\n"
            + "  - { id: mock, type: openai, base_url: 'http://127.0.0.1:"
            + Integer.getInteger("it.upstream.port")
            + "/v1', api_key: sk-upstream-test-key }\n"
            + "routing: { default_provider: mock }\n"
            + "auth: { bootstrap_admin_key: "
            + KEY
            + " }\n");
  }

  @Test
  void redeployingOnARunningServerLeaksNoThreadsNorClassLoadersAndServesAgain() throws Exception {
    GatewayClient gateway =
        GatewayClient.at(
            new URL("http://127.0.0.1:" + System.getProperty("arq.http.port") + "/" + NAME), KEY);
    // The upstream answers the deployed gateway's calls; this test itself never asks it anything.
    FakeUpstream upstream = FakeUpstream.start(Integer.getInteger("it.upstream.port"));
    try {
      ContainerLog log = server.markLog();
      deployer.deploy(NAME);
      assertThat(log.awaitLine("Loom Gateway started", WAIT))
          .doesNotContain("Loom Gateway not started");
      // Use what the undeploy must clean up: proxy worker threads and pooled upstream connections.
      for (int i = 0; i < 5; i++) {
        assertThat(
                gateway
                    .postJson(
                        "/v1/chat/completions",
                        GatewayClient.chatBody("mock/m", "warm " + i, i % 2 == 0))
                    .statusCode())
            .isEqualTo(200);
      }
      ArquillianServer.Leaks leaks = server.watchLeaks();

      ContainerLog undeploy = server.markLog();
      deployer.undeploy(NAME);
      undeploy.awaitLine("Loom Gateway stopped", WAIT);
      // The undeploy is over once the adapter returns; Tomcat's warnings come after the gateway's
      // last line.
      assertThat(leaks.afterUndeploy(undeploy.sinceMark()))
          .as("left behind by the undeploy on " + server.name())
          .isEmpty();

      ContainerLog redeploy = server.markLog();
      deployer.deploy(NAME);
      assertThat(redeploy.awaitLine("Loom Gateway started", WAIT))
          .doesNotContain("Loom Gateway not started");
      assertThat(
              gateway
                  .postJson(
                      "/v1/chat/completions", GatewayClient.chatBody("mock/m", "after", false))
                  .statusCode())
          .isEqualTo(200);
      deployer.undeploy(NAME);
    } finally {
      upstream.close();
    }
  }
}
