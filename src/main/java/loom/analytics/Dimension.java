package loom.analytics;

/** What usage can be broken down by: the user, the provider, the model or the endpoint ({@link EndpointNames}). */
public enum Dimension {
  USER("user_id"), PROVIDER("provider_id"), MODEL("model_name"), ENDPOINT("endpoint");

  private final String column;

  Dimension(String column) {
    this.column = column;
  }

  /** The column of both {@code request_logs} and the rollups; ours, so safe to write into SQL. */
  String column() {
    return column;
  }

  /** The name used in the API: {@code user}, {@code provider}, {@code model}, {@code endpoint}. */
  public String id() {
    return ApiNames.of(this);
  }

  /** The value of this dimension in an aggregate row ({@code ""} for requests that had none). */
  String of(Rollup row) {
    return switch (this) {
      case USER -> row.userId();
      case PROVIDER -> row.providerId();
      case MODEL -> row.modelName();
      case ENDPOINT -> row.endpoint();
    };
  }

  /** The dimension an API name names, in any case; IllegalArgumentException naming the allowed ones otherwise. */
  public static Dimension parse(String value) {
    return ApiNames.parse(values(), value);
  }
}
