package loom.analytics;

import java.util.List;
import java.util.Set;

/**
 * What usage can be broken down and filtered by. The first four are keys of the rollups, so a month of them sums
 * from a few thousand rows; the others are the request's attribution (its key's team, the key, a tag, the OpenAI
 * {@code user} field, the agent session, the client tool), summed from the request logs through an index on each.
 */
public enum Dimension {
  USER("user_id", "user_id"),
  PROVIDER("provider_id", "provider_id"),
  MODEL("model_name", "model"),
  ENDPOINT("endpoint", "endpoint"),
  TEAM("team_id", "team_id"),
  KEY("api_key_id", "api_key_id"),
  TAG("tag", "tag"),
  END_USER("end_user", "end_user"),
  SESSION("session_id", "session_id"),
  CLIENT_TOOL("client_tool", "client_tool");

  /** The dimensions the rollup tables have a column for. */
  public static final Set<Dimension> ROLLED_UP = Set.of(USER, PROVIDER, MODEL, ENDPOINT);

  /** The same, in the order of the rollups' key columns. */
  static final List<Dimension> ROLLED_UP_IN_ORDER = List.of(USER, PROVIDER, MODEL, ENDPOINT);

  private final String column;
  private final String parameter;

  Dimension(String column, String parameter) {
    this.column = column;
    this.parameter = parameter;
  }

  /**
   * The column of {@code request_logs} (and of the rollups, for {@link #ROLLED_UP}); {@code tag} is the column of
   * {@code request_log_tags}. Ours, so safe to write into SQL.
   */
  String column() {
    return column;
  }

  /** The name used in the API: {@code user}, {@code provider}, {@code model}, {@code endpoint}, {@code team} … */
  public String id() {
    return ApiNames.of(this);
  }

  /** The query parameter that filters by this dimension: {@code user_id}, {@code model}, {@code tag} … */
  public String parameter() {
    return parameter;
  }

  /** Whether the rollups can sum by this dimension. */
  boolean isRolledUp() {
    return ROLLED_UP.contains(this);
  }

  /** The value of this dimension in an aggregate row ({@code ""} for requests that had none). */
  String of(Rollup row) {
    return switch (this) {
      case USER -> row.userId();
      case PROVIDER -> row.providerId();
      case MODEL -> row.modelName();
      case ENDPOINT -> row.endpoint();
      default -> row.label();
    };
  }

  /** The dimension an API name names, in any case; IllegalArgumentException naming the allowed ones otherwise. */
  public static Dimension parse(String value) {
    return ApiNames.parse(values(), value);
  }
}
