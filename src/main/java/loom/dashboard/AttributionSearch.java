package loom.dashboard;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.proxy.ClientTool;

/**
 * The attribution filters of the Logs, Costs and Sessions pages as their forms hold them (empty text meaning "any"):
 * team, API key, tag, end user, session and client tool, and what they add to a {@link LogFilter}. Who may see what is
 * the analytics service's rule, not this form's: a team filter widens a team admin's view to that team, anyone else
 * still sees only their own requests.
 */
public final class AttributionSearch implements Serializable {
  /** The longest value a text filter takes (session ids and tags are bounded by the proxy well below it). */
  public static final int MAX_TEXT = 200;

  /** The client tools a call can be attributed to, for the menu. */
  static final List<Choice> CLIENT_TOOLS =
      Arrays.stream(ClientTool.values()).map(tool -> new Choice(tool.id(), tool.id())).toList();

  private static final long serialVersionUID = 1L;

  private String teamId = "";
  private String apiKeyId = "";
  private String tag = "";
  private String endUser = "";
  private String sessionId = "";
  private String clientTool = "";

  /** {@code filter}, also keeping only the rows of every attribution value set here. */
  LogFilter applyTo(LogFilter filter) {
    return filter
        .with(Dimension.TEAM, orNull(teamId))
        .with(Dimension.KEY, orNull(apiKeyId))
        .with(Dimension.TAG, orNull(tag))
        .with(Dimension.END_USER, orNull(endUser))
        .with(Dimension.SESSION, orNull(sessionId))
        .with(Dimension.CLIENT_TOOL, orNull(clientTool));
  }

  /** Whether any of these filters is set. */
  public boolean isFiltered() {
    return orNull(teamId) != null
        || orNull(apiKeyId) != null
        || orNull(tag) != null
        || orNull(endUser) != null
        || orNull(sessionId) != null
        || orNull(clientTool) != null;
  }

  /** Sets every filter to "any". */
  void clear() {
    teamId = "";
    apiKeyId = "";
    tag = "";
    endUser = "";
    sessionId = "";
    clientTool = "";
  }

  private static String orNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  public String getTeamId() {
    return teamId;
  }

  public void setTeamId(String teamId) {
    this.teamId = teamId;
  }

  public String getApiKeyId() {
    return apiKeyId;
  }

  public void setApiKeyId(String apiKeyId) {
    this.apiKeyId = apiKeyId;
  }

  public String getTag() {
    return tag;
  }

  public void setTag(String tag) {
    this.tag = tag;
  }

  public String getEndUser() {
    return endUser;
  }

  public void setEndUser(String endUser) {
    this.endUser = endUser;
  }

  public String getSessionId() {
    return sessionId;
  }

  public void setSessionId(String sessionId) {
    this.sessionId = sessionId;
  }

  public String getClientTool() {
    return clientTool;
  }

  public void setClientTool(String clientTool) {
    this.clientTool = clientTool;
  }

  public List<Choice> getClientTools() {
    return CLIENT_TOOLS;
  }

  public int getMaxText() {
    return MAX_TEXT;
  }
}
