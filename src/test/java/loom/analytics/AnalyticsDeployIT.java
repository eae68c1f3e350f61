package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import loom.testing.ContainerLog;
import loom.testing.GatewayClient;
import loom.testing.SecondDeployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Analytics settings that only a deploy of their own can show: the WAR deployed a second time on the running
 * Tomcat 11, each time with its own SQLite file.
 */
class AnalyticsDeployIT {
  private static final String KEY = "lk-undeploy-flush-0123456789abcdef";
  private static final int QUEUE = 150;
  @TempDir Path dir;

  /**
   * The test locks the store so the writer cannot write, fills the queue to its bound, starts the undeploy,
   * and only then lets the store go: every row must be in the file once Tomcat is done.
   */
  @Test
  void undeployingWithAFullQueueWritesEveryRowBeforeTheStoreCloses() throws Exception {
    Path db = dir.resolve("undeploy.db");
    String yaml =
        "storage: { url: 'jdbc:sqlite:"
            + db
            + "' }\n"
            + "providers: [ { id: demo, type: demo } ]\n"
            + "analytics: { queue_capacity: "
            + QUEUE
            + ", batch_size: 40 }\n"
            + "auth: { bootstrap_admin_key: "
            + KEY
            + " }\n";
    SecondDeployment deployment = SecondDeployment.deploy("loom-undeploy", yaml, dir);
    try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement statement = lock.createStatement()) {
        statement.execute("BEGIN EXCLUSIVE");
      }
      for (int i = 0; i < QUEUE; i++) {
        assertThat(
                deployment
                    .postJson(
                        "/v1/chat/completions",
                        KEY,
                        GatewayClient.chatBody("demo-chat", "row " + i, false))
                    .statusCode())
            .isEqualTo(200);
      }
      assertThat(deployment.get("/metrics", KEY).body())
          .contains("loom_log_writer_queue_depth " + QUEUE + ".0");
      assertThat(count(db)).isZero();

      ContainerLog undeploy = deployment.beginUndeploy();
      undeploy.awaitLine("Undeploying context [/loom-undeploy]", Duration.ofSeconds(120));
      Thread.sleep(1_000);
      try (Statement statement = lock.createStatement()) {
        statement.execute("COMMIT");
      }
      undeploy.awaitLine("Loom Gateway stopped", Duration.ofSeconds(60));
      assertThat(undeploy.sinceMark()).doesNotContain("are lost").doesNotContain("dropped");
    }
    assertThat(count(db)).isEqualTo(QUEUE);
  }

  @Test
  void withAnalyticsOffRequestsAreAnsweredAndNothingIsRecorded() throws Exception {
    Path db = dir.resolve("off.db");
    String yaml =
        "storage: { url: 'jdbc:sqlite:"
            + db
            + "' }\n"
            + "providers: [ { id: demo, type: demo } ]\n"
            + "analytics: { enabled: false }\n"
            + "auth: { bootstrap_admin_key: "
            + KEY
            + " }\n";
    try (SecondDeployment deployment = SecondDeployment.deploy("loom-analytics-off", yaml, dir)) {
      assertThat(deployment.deployLog()).contains("Analytics is off (analytics.enabled: false)");
      for (int i = 0; i < 5; i++) {
        assertThat(
                deployment
                    .postJson(
                        "/v1/chat/completions",
                        KEY,
                        GatewayClient.chatBody("demo-chat", "not recorded " + i, false))
                    .statusCode())
            .isEqualTo(200);
      }
      assertThat(deployment.get("/metrics", KEY).body()).doesNotContain("loom_requests_total{");
    }
    assertThat(count(db)).isZero();
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
