package loom.dashboard;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.proxy.CacheStatus;

/**
 * The filters of the Logs page as the form holds them (empty text meaning "any"), with the attribution filters of
 * {@link AttributionSearch}, and the {@link LogFilter} they make within the page's time range. Values come from the form's menus, which Faces checks against their items;
 * the user filter is kept only for admins (for a user the service narrows to their own rows anyway).
 */
public final class LogSearch implements Serializable {
  /** The longest text search the form takes. */
  public static final int MAX_TEXT = 200;

  private static final long serialVersionUID = 1L;

  private String userId = "";
  private String providerId = "";
  private String model = "";
  private String endpoint = "";
  private String status = "";
  private String cacheStatus = "";
  private String text = "";
  private final AttributionSearch attribution = new AttributionSearch();

  /** The filter of these values over [window.start, window.end). */
  LogFilter toFilter(Window window, boolean admin) {
    LogFilter.Outcome outcome =
        switch (status == null ? "" : status) {
          case "success" -> LogFilter.Outcome.SUCCESS;
          case "error" -> LogFilter.Outcome.ERROR;
          case "" -> null;
          default ->
              throw new IllegalArgumentException(
                  "status must be success or error; got '" + status + "'");
        };
    CacheStatus cache =
        blank(cacheStatus) ? null : CacheStatus.valueOf(cacheStatus.toUpperCase(Locale.ROOT));
    return attribution.applyTo(
        new LogFilter(
            window.start(),
            window.end(),
            admin ? orNull(userId) : null,
            orNull(providerId),
            orNull(model),
            orNull(endpoint),
            outcome,
            cache,
            blank(text) ? null : text.strip()));
  }

  /** The filter as text for the export audit trail, in the API's parameter names (plus {@code search}). */
  static String describe(LogFilter filter) {
    List<String> parts = new ArrayList<>();
    add(parts, "api_key_id", filter.valueOf(Dimension.KEY));
    add(parts, "cache_status", filter.cacheStatus() == null ? null : filter.cacheStatus().name());
    add(parts, "client_tool", filter.valueOf(Dimension.CLIENT_TOOL));
    add(parts, "end_time", filter.end() == null ? null : filter.end().toString());
    add(parts, "end_user", filter.valueOf(Dimension.END_USER));
    add(parts, "endpoint", filter.endpoint());
    add(parts, "model", filter.model());
    add(parts, "provider_id", filter.providerId());
    add(parts, "search", filter.search());
    add(parts, "session_id", filter.valueOf(Dimension.SESSION));
    add(parts, "start_time", filter.start() == null ? null : filter.start().toString());
    add(
        parts,
        "status",
        filter.outcome() == null ? null : filter.outcome().name().toLowerCase(Locale.ROOT));
    add(parts, "tag", filter.valueOf(Dimension.TAG));
    add(parts, "team_id", filter.valueOf(Dimension.TEAM));
    add(parts, "user_id", filter.userId());
    return String.join("&", parts);
  }

  /** Whether any filter beyond the time range is set. */
  public boolean isFiltered() {
    return !(blank(userId)
            && blank(providerId)
            && blank(model)
            && blank(endpoint)
            && blank(status)
            && blank(cacheStatus)
            && blank(text))
        || attribution.isFiltered();
  }

  /** Sets every filter to "any". */
  void clear() {
    userId = "";
    providerId = "";
    model = "";
    endpoint = "";
    status = "";
    cacheStatus = "";
    text = "";
    attribution.clear();
  }

  /** The team, key, tag, end user, session and client tool filters. */
  public AttributionSearch getAttribution() {
    return attribution;
  }

  private static void add(List<String> parts, String name, String value) {
    if (value != null) {
      parts.add(name + "=" + value);
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String orNull(String value) {
    return blank(value) ? null : value;
  }

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
  }

  public String getProviderId() {
    return providerId;
  }

  public void setProviderId(String providerId) {
    this.providerId = providerId;
  }

  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getCacheStatus() {
    return cacheStatus;
  }

  public void setCacheStatus(String cacheStatus) {
    this.cacheStatus = cacheStatus;
  }

  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }
}
