package loom.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import loom.config.StorageConfig;
import loom.testing.CapturedLog;
import loom.testing.InProcessGateway;
import loom.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway on a PostgreSQL store: started (in-process, see {@link InProcessGateway}) with a loom.yaml whose
 * storage.url points at a real PostgreSQL server; the schema is migrated at deploy, the admin is bootstrapped into
 * it, and a second deploy on the same database finds them there.
 */
class PostgresDeployTest {
  private static final String KEY = "lk-postgres-deploy-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension final TestStores stores = new TestStores();

  @Test
  void theGatewayRunsOnAPostgresStoreAndKeepsItsDataAcrossDeploys() throws Exception {
    StorageConfig postgres = stores.postgres();
    String yaml =
        "storage: { url: '"
            + postgres.url()
            + "', username: '"
            + postgres.username()
            + "' }\n"
            + "auth: { bootstrap_admin_key: "
            + KEY
            + " }\n";

    try (CapturedLog log = CapturedLog.of("loom");
        InProcessGateway first = InProcessGateway.start(yaml)) {
      assertThat(log.text())
          .contains("Store open: " + postgres.url() + " (POSTGRESQL), schema version ")
          .contains("migrations applied now: ")
          .doesNotContain("migrations applied now: 0");
      assertThat(
              JSON.readTree(first.client(null).get("/api/v1/health").body()).path("store").asText())
          .isEqualTo("UP");
      assertThat(JSON.readTree(first.client(KEY).get("/api/v1/me").body()).path("name").asText())
          .isEqualTo("admin");
    }
    try (CapturedLog log = CapturedLog.of("loom");
        InProcessGateway again = InProcessGateway.start(yaml)) {
      assertThat(log.text()).contains("migrations applied now: 0").doesNotContain("Created user");
      assertThat(again.client(KEY).get("/api/v1/me").statusCode()).isEqualTo(200);
    }
  }
}
