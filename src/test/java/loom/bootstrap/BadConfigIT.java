package loom.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import loom.testing.ContainerLog;
import loom.testing.GatewayClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad loom.yaml stops the deploy with one message naming the key, the value and what is allowed. The
 * test deploys the WAR a second time on the running Tomcat 11, as {@code /loom-bad}, through a context
 * descriptor whose JNDI entry names a broken file (that server finds loom.yaml through JNDI).
 */
class BadConfigIT {
  @TempDir Path dir;

  @Test
  void aBadValueStopsTheDeployWithAMessageNamingKeyValueAndWhatIsAllowed() throws Exception {
    Path badConfig = Files.writeString(dir.resolve("loom.yaml"), "server: { upstream_timeout: 5 minutes }\n");
    // Tomcat ignores a docBase inside its appBase, so the second deploy uses a copy from elsewhere.
    Path war = Files.copy(ContainerLog.tomcatBase().resolve("webapps").resolve("loom.war"), dir.resolve("loom.war"));
    Path descriptor = ContainerLog.tomcatBase().resolve("conf/Catalina/127.0.0.1/loom-bad.xml");
    ContainerLog log = ContainerLog.markNow();

    Files.writeString(descriptor, "<Context docBase=\"" + war + "\">\n"
        + "  <Environment name=\"loom/config\" type=\"java.lang.String\" value=\"" + badConfig + "\" override=\"false\"/>\n"
        + "</Context>\n");
    try {
      String deployLog = log.awaitLine("loom-bad.xml] has finished", Duration.ofSeconds(45));

      assertThat(deployLog).contains("Loom Gateway not started, fix the configuration: server.upstream_timeout: "
          + "must be a duration like 500ms, 30s, 5m, 2h or 90d; got '5 minutes'");
      int status = new GatewayClient().send(java.net.http.HttpRequest.newBuilder(
          URI.create(GatewayClient.base().replace("/loom", "/loom-bad") + "/v1/models")).GET().build()).statusCode();
      assertThat(status).isEqualTo(404);
    } finally {
      Files.deleteIfExists(descriptor);
    }
    // The gateway deployed with a good configuration is untouched.
    assertThat(new GatewayClient().get("/v1/models").statusCode()).isEqualTo(200);
  }
}
