package loom.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Undeploying and redeploying the gateway on a running Tomcat leaves nothing behind: Tomcat checks for
 * threads and ThreadLocals the web application failed to stop when it undeploys it, and logs a warning
 * for each. The build runs this against its Tomcat 10.1 only (it needs that server's files).
 */
@ExtendWith(UpstreamExtension.class)
class RedeployIT {
  private static final Duration REDEPLOY_WAIT = Duration.ofSeconds(45);
  private final GatewayClient gateway = new GatewayClient();

  @Test
  void redeployingOnARunningTomcatLeaksNoThreadsAndServesAgain(FakeUpstream upstream) throws Exception {
    Path log = Path.of(System.getProperty("it.tomcat.log"));
    Path war = Path.of(System.getProperty("it.tomcat.base"), "webapps", "loom.war");
    // Use what the undeploy must clean up: proxy worker threads and pooled upstream connections.
    for (int i = 0; i < 5; i++) {
      assertThat(gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("mock/m", "warm " + i, i % 2 == 0))
          .statusCode()).isEqualTo(200);
    }
    long logOffset = Files.size(log);

    // Tomcat's autoDeploy notices the newer WAR and undeploys, then deploys it again.
    Files.setLastModifiedTime(war, FileTime.from(Instant.now().plusSeconds(5)));
    String redeployLog = awaitLog(log, logOffset, "Deployment of web application archive [" + war);

    assertThat(redeployLog).contains("Undeploying context [/loom]").contains("Loom Gateway stopped");
    assertThat(redeployLog)
        .doesNotContain("appears to have started a thread")
        .doesNotContain("failed to stop it")
        .doesNotContain("memory leak")
        .doesNotContain("Loom Gateway not started");
    assertThat(gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("mock/m", "after", false)).statusCode())
        .isEqualTo(200);
  }

  /** Waits, bounded, until the log has {@code marker} after {@code offset}; returns the log from there. */
  private static String awaitLog(Path log, long offset, String marker) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(REDEPLOY_WAIT);
    String text = "";
    while (Instant.now().isBefore(deadline)) {
      text = readFrom(log, offset);
      if (text.contains(marker)) {
        return text;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Tomcat did not redeploy within " + REDEPLOY_WAIT + "; log since the touch:\n" + text);
  }

  private static String readFrom(Path log, long offset) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      file.seek(offset);
      byte[] bytes = new byte[(int) (file.length() - offset)];
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
