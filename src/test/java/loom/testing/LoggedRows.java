package loom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the request logs the deployed gateway wrote into its own SQLite store (the file under the
 * loom.home the build gave the container, {@code it.loom.home}), as a client of the database would.
 */
public final class LoggedRows {
  private LoggedRows() {}

  /** Waits, bounded, until rows with all these request ids are stored; returns them by request id. */
  public static Map<String, Map<String, Object>> await(Collection<String> requestIds)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    Map<String, Map<String, Object>> rows = Map.of();
    while (Instant.now().isBefore(deadline)) {
      rows = find(requestIds);
      if (rows.size() == requestIds.size()) {
        return rows;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "only " + rows.size() + " of " + requestIds.size() + " requests were logged within 30 s");
  }

  public static Map<String, Object> await(String requestId) throws Exception {
    return await(List.of(requestId)).get(requestId);
  }

  private static Map<String, Map<String, Object>> find(Collection<String> requestIds)
      throws SQLException {
    Path db = Path.of(System.getProperty("it.loom.home"), "loom.db");
    String ids =
        requestIds.stream()
            .map(id -> "'" + id.replace("'", "") + "'")
            .collect(Collectors.joining(","));
    Map<String, Map<String, Object>> rows = new HashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT * FROM request_logs WHERE request_id IN (" + ids + ")")) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT), result.getObject(i));
        }
        rows.put((String) row.get("request_id"), row);
      }
    }
    return rows;
  }

  /** How many request logs the store holds for a user. */
  public static long countFor(String userId) throws SQLException {
    Path db = Path.of(System.getProperty("it.loom.home"), "loom.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.PreparedStatement statement =
            connection.prepareStatement("SELECT COUNT(*) FROM request_logs WHERE user_id = ?")) {
      statement.setString(1, userId);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  /** A numeric column of a row as a long. */
  public static long number(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).longValue();
  }

  /** The row as the logs API shows it to an admin ({@code GET /api/v1/analytics/logs/{id}}). */
  public static JsonNode asApiJson(Map<String, Object> row) {
    return ApiClient.json(ApiClient.admin().get("/analytics/logs/" + row.get("id")), 200);
  }

  /** Request ids of the given responses' X-Loom-Request-Id headers. */
  public static List<String> ids(List<java.net.http.HttpResponse<String>> responses) {
    List<String> ids = new ArrayList<>();
    responses.forEach(
        response -> ids.add(response.headers().firstValue("X-Loom-Request-Id").orElseThrow()));
    return ids;
  }
}
