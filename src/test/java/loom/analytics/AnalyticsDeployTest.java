package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import loom.testing.CapturedLog;
import loom.testing.GatewayClient;
import loom.testing.InProcessGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Analytics settings that only a deploy of their own can show: a gateway of its own (in-process, see {@link
 * InProcessGateway}) each time, with its own SQLite file.
 */
class AnalyticsDeployTest {
  private static final String KEY = "lk-undeploy-flush-0123456789abcdef";
  private static final int QUEUE = 150;
  @TempDir Path dir;

  /**
   * The test locks the store so the writer cannot write, fills the queue to its bound, starts the undeploy,
   * and only then lets the store go: every row must be in the file once the undeploy is done.
   */
  @Test
  void undeployingWithAFullQueueWritesEveryRowBeforeTheStoreCloses() throws Exception {
    Path db = dir.resolve("undeploy.db");
    InProcessGateway gateway =
        InProcessGateway.start(yaml(db, "{ queue_capacity: " + QUEUE + ", batch_size: 40 }"));
    GatewayClient client = gateway.client(KEY);
    CompletableFuture<Void> undeploy = null;
    try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + db);
        CapturedLog log = CapturedLog.of("loom");
        CapturedLog tomcat = CapturedLog.of("org.apache.catalina.core.StandardService")) {
      try (Statement statement = lock.createStatement()) {
        statement.execute("BEGIN EXCLUSIVE");
      }
      for (int i = 0; i < QUEUE; i++) {
        assertThat(
                client
                    .postJson(
                        "/v1/chat/completions",
                        GatewayClient.chatBody("demo-chat", "row " + i, false))
                    .statusCode())
            .isEqualTo(200);
      }
      assertThat(client.get("/metrics").body())
          .contains("loom_log_writer_queue_depth " + QUEUE + ".0");
      assertThat(count(db)).isZero();

      undeploy =
          CompletableFuture.runAsync(
              gateway::close, task -> new Thread(task, "test-undeploy").start());
      tomcat.awaitLine("Stopping service", Duration.ofSeconds(30));
      Thread.sleep(1_000);
      assertThat(undeploy).as("the undeploy waits for the store").isNotDone();
      try (Statement statement = lock.createStatement()) {
        statement.execute("COMMIT");
      }
      undeploy.get(60, TimeUnit.SECONDS);
      assertThat(log.text())
          .contains("Loom Gateway stopped")
          .doesNotContain("are lost")
          .doesNotContain("dropped");
    } finally {
      if (undeploy == null) { // failed before the undeploy began: do not leave it running
        gateway.close();
      }
    }
    assertThat(count(db)).isEqualTo(QUEUE);
  }

  @Test
  void withAnalyticsOffRequestsAreAnsweredAndNothingIsRecorded() throws Exception {
    Path db = dir.resolve("off.db");
    try (CapturedLog log = CapturedLog.of("loom");
        InProcessGateway gateway = InProcessGateway.start(yaml(db, "{ enabled: false }"))) {
      assertThat(log.text()).contains("Analytics is off (analytics.enabled: false)");
      GatewayClient client = gateway.client(KEY);
      for (int i = 0; i < 5; i++) {
        assertThat(
                client
                    .postJson(
                        "/v1/chat/completions",
                        GatewayClient.chatBody("demo-chat", "not recorded " + i, false))
                    .statusCode())
            .isEqualTo(200);
      }
      assertThat(client.get("/metrics").body()).doesNotContain("loom_requests_total{");
    }
    assertThat(count(db)).isZero();
  }

  /** A gateway on the demo provider and a SQLite file of its own, with these analytics settings. */
  private static String yaml(Path db, String analytics) {
    return "storage: { url: 'jdbc:sqlite:"
        + db
        + "' }\n"
        + "providers: [ { id: demo, type: demo } ]\n"
        + "analytics: "
        + analytics
        + "\n"
        + "auth: { bootstrap_admin_key: "
        + KEY
        + " }\n";
  }

  private static long count(Path db) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM request_logs")) {
      result.next();
      return result.getLong(1);
    }
  }
}
