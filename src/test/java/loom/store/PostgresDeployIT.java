package loom.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import loom.config.StorageConfig;
import loom.testing.SecondDeployment;
import loom.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAR on a PostgreSQL store: deployed a second time on the running Tomcat 11 with a loom.yaml whose
 * storage.url points at a real PostgreSQL server this test starts; the schema is migrated at deploy,
 * the admin is bootstrapped into it, and a second deploy on the same database finds them there.
 */
class PostgresDeployIT {
  private static final String KEY = "lk-postgres-deploy-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension final TestStores stores = new TestStores();
  @TempDir Path dir;

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

    try (SecondDeployment first = SecondDeployment.deploy("loom-pg", yaml, dir)) {
      assertThat(first.deployLog())
          .contains("Store open: " + postgres.url() + " (POSTGRESQL), schema version ")
          .contains("migrations applied now: ")
          .doesNotContain("migrations applied now: 0");
      assertThat(JSON.readTree(first.get("/api/v1/health", null).body()).path("store").asText())
          .isEqualTo("UP");
      assertThat(JSON.readTree(first.get("/api/v1/me", KEY).body()).path("name").asText())
          .isEqualTo("admin");
    }
    try (SecondDeployment again = SecondDeployment.deploy("loom-pg", yaml, dir)) {
      assertThat(again.deployLog())
          .contains("migrations applied now: 0")
          .doesNotContain("Created user");
      assertThat(again.get("/api/v1/me", KEY).statusCode()).isEqualTo(200);
    }
  }
}
