package loom.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import loom.testing.GatewayClient;
import loom.testing.SecondDeployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad configuration or a store that cannot be opened stops the deploy, with one message naming the
 * key or the store and what is wrong. Each test deploys the WAR a second time on the running Tomcat 11.
 */
class BadConfigIT {
  @TempDir Path dir;

  @AfterEach
  void theGoodDeploymentIsUntouched() {
    assertThat(new GatewayClient().get("/v1/models").statusCode()).isEqualTo(200);
  }

  @Test
  void aBadValueStopsTheDeployWithAMessageNamingKeyValueAndWhatIsAllowed() throws Exception {
    try (SecondDeployment bad = SecondDeployment.deploy("loom-bad", "server: { upstream_timeout: 5 minutes }\n", dir)) {
      assertThat(bad.deployLog()).contains("Loom Gateway not started, fix the configuration: server.upstream_timeout: "
          + "must be a duration like 500ms, 30s, 5m, 2h or 90d; got '5 minutes'");
      assertThat(bad.get("/api/v1/health", null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void anUnreachableStoreStopsTheDeployNamingItsUrl() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/loom";

    try (SecondDeployment bad = SecondDeployment.deploy("loom-nostore", "storage: { url: '" + url + "' }\n", dir)) {
      assertThat(bad.deployLog()).contains("Loom Gateway not started, fix the store: Cannot open the store " + url);
      assertThat(bad.get("/api/v1/health", null).statusCode()).isEqualTo(404);
    }
  }
}
