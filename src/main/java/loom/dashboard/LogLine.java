package loom.dashboard;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import loom.analytics.RequestLog;
import loom.proxy.Attribution;
import loom.support.Usd;

/**
 * One row of the Logs table, as text: the columns, and for its expansion every field of the log (bodies only when
 * they were stored). Times are UTC, costs USD, latency milliseconds. Read in EL as {@code #{log.model()}}; Faces
 * escapes every value, so a model name or body with markup shows as text.
 */
public record LogLine(
    String id,
    String time,
    String user,
    String provider,
    String model,
    String endpoint,
    String path,
    String status,
    boolean error,
    String cache,
    String tokens,
    String latency,
    String cost,
    Attributed attributed,
    List<Detail> details,
    String requestBody,
    String responseBody)
    implements Serializable {
  private static final long serialVersionUID = 1L;
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.US).withZone(ZoneOffset.UTC);
  static final String MISSING = "–";

  /** A field of the expanded row. */
  public record Detail(String label, String value) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The row's attribution columns, compact: the team's name, the session, the client tool and the tags (joined with
   * ", "), each a dash when the call had none.
   */
  public record Attributed(String team, String session, String clientTool, String tags)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  public LogLine {
    details = List.copyOf(details);
  }

  /**
   * @param userName the name to show for a user id (the id itself when it has none)
   * @param teamName the name to show for a team id (see {@link TeamNames#nameOf})
   */
  static LogLine of(
      RequestLog log, Function<String, String> userName, Function<String, String> teamName) {
    String user = log.userId() == null ? "no user" : userName.apply(log.userId());
    Attribution attribution = log.attribution();
    Attributed attributed =
        new Attributed(
            attribution.teamId() == null ? MISSING : teamName.apply(attribution.teamId()),
            orMissing(attribution.sessionId()),
            orMissing(attribution.clientTool()),
            attribution.tags().isEmpty() ? MISSING : String.join(", ", attribution.tags()));
    return new LogLine(
        log.id(),
        TIME.format(log.timestamp()),
        user,
        orMissing(log.providerId()),
        orMissing(log.modelName()),
        orMissing(log.endpoint()),
        log.path(),
        String.valueOf(log.statusCode()),
        log.isError(),
        log.cacheStatus().name(),
        Formats.count(log.totalTokens()),
        millis(log.latencyMs()),
        Usd.format(log.costUsd()),
        attributed,
        details(log, user, attributed),
        log.requestBody(),
        log.responseBody());
  }

  private static List<Detail> details(RequestLog log, String user, Attributed attributed) {
    List<Detail> details = new ArrayList<>();
    details.add(new Detail("Log id", log.id()));
    details.add(new Detail("Request id", log.requestId()));
    details.add(new Detail("Time (UTC)", log.timestamp().toString()));
    details.add(
        new Detail("User", log.userId() == null ? "no user" : user + " (" + log.userId() + ")"));
    details.add(new Detail("API key", orMissing(log.apiKeyId())));
    details.add(new Detail("End user", orMissing(log.endUser())));
    details.add(
        new Detail(
            "Team",
            log.attribution().teamId() == null
                ? MISSING
                : attributed.team() + " (" + log.attribution().teamId() + ")"));
    details.add(new Detail("Session", attributed.session()));
    details.add(new Detail("Client tool", attributed.clientTool()));
    details.add(new Detail("Tags", attributed.tags()));
    details.add(new Detail("Request", log.method() + " " + log.path()));
    details.add(new Detail("Endpoint", orMissing(log.endpoint())));
    details.add(new Detail("Provider", orMissing(log.providerId())));
    details.add(new Detail("Model", orMissing(log.modelName())));
    details.add(new Detail("Status", String.valueOf(log.statusCode())));
    details.add(new Detail("Cache", log.cacheStatus().name()));
    details.add(new Detail("Streamed", log.stream() ? "yes" : "no"));
    details.add(new Detail("Prompt tokens", Formats.count(log.promptTokens())));
    details.add(new Detail("Completion tokens", Formats.count(log.completionTokens())));
    details.add(new Detail("Total tokens", Formats.count(log.totalTokens())));
    details.add(new Detail("Cached tokens", Formats.count(log.cachedTokens())));
    details.add(
        new Detail(
            "Cache write tokens",
            log.cacheWrite1hTokens() == 0
                ? Formats.count(log.cacheWriteTokens())
                : Formats.count(log.cacheWriteTokens())
                    + " ("
                    + Formats.count(log.cacheWrite1hTokens())
                    + " kept 1 hour)"));
    details.add(new Detail("Reasoning tokens", Formats.count(log.reasoningTokens())));
    details.add(new Detail("Latency", millis(log.latencyMs())));
    details.add(
        new Detail(
            "Time to first byte",
            log.timeToFirstByteMs() == null ? MISSING : millis(log.timeToFirstByteMs())));
    details.add(new Detail("Cost (USD)", exactUsd(log.costUsd())));
    details.add(new Detail("Cost saved by the cache (USD)", exactUsd(log.costSavedUsd())));
    details.add(
        new Detail(
            "Saved by the provider's prompt cache (USD)", exactUsd(log.promptCacheSavedUsd())));
    details.add(new Detail("Price table", orMissing(log.priceVersion())));
    details.add(new Detail("Error", orMissing(log.errorMessage())));
    details.add(new Detail("Metadata", orMissing(log.metadata())));
    return details;
  }

  /** Whether the expansion has a body to show. */
  public boolean hasBodies() {
    return requestBody != null || responseBody != null;
  }

  static String millis(long value) {
    return Formats.count(value) + " ms";
  }

  /** The exact amount, as stored (nano-dollars at most): "$0.000012345". */
  static String exactUsd(BigDecimal value) {
    return "$" + value.stripTrailingZeros().toPlainString();
  }

  private static String orMissing(String value) {
    return value == null || value.isEmpty() ? MISSING : value;
  }
}
