package loom.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import loom.testing.ContainerLog;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Undeploying and redeploying the gateway on a running Tomcat leaves nothing behind: Tomcat checks for
 * threads and ThreadLocals the web application failed to stop when it undeploys it, and logs a warning
 * for each. The build runs this against its Tomcat 10.1 (it needs that server's files).
 */
@ExtendWith(UpstreamExtension.class)
class RedeployIT {
  private final GatewayClient gateway = new GatewayClient();

  @Test
  void redeployingOnARunningTomcatLeaksNoThreadsAndServesAgain(FakeUpstream upstream) throws Exception {
    Path war = ContainerLog.tomcatBase().resolve("webapps").resolve("loom.war");
    // Use what the undeploy must clean up: proxy worker threads and pooled upstream connections.
    for (int i = 0; i < 5; i++) {
      assertThat(gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("mock/m", "warm " + i, i % 2 == 0))
          .statusCode()).isEqualTo(200);
    }
    ContainerLog log = ContainerLog.markNow();

    // Tomcat's autoDeploy notices the newer WAR and undeploys, then deploys it again.
    Files.setLastModifiedTime(war, FileTime.from(Instant.now().plusSeconds(5)));
    String redeployLog = log.awaitLine("Deployment of web application archive [" + war, Duration.ofSeconds(120));

    assertThat(redeployLog).contains("Undeploying context [/loom]").contains("Loom Gateway stopped");
    assertThat(redeployLog)
        .doesNotContain("appears to have started a thread")
        .doesNotContain("failed to stop it")
        .doesNotContain("memory leak")
        .doesNotContain("Loom Gateway not started");
    assertThat(gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("mock/m", "after", false)).statusCode())
        .isEqualTo(200);
  }
}
