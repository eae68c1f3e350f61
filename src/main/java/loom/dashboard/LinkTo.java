package loom.dashboard;

import java.util.Map;

/**
 * The query parameters by which the Sessions page opens a session's calls on the Logs page: {@code session} and
 * {@code team} preset those filters, {@code order=oldest} shows the calls in the order they were made. They only
 * preset the form: the analytics service decides what the caller sees, as for a filter typed in.
 */
final class LinkTo {
  static final String SESSION = "session";
  static final String TEAM = "team";
  static final String ORDER = "order";
  static final String OLDEST = "oldest";

  private LinkTo() {}

  /**
   * Presets {@code search} from the request's parameters (values too long for the form are ignored).
   *
   * @return whether the calls are to be shown oldest first
   */
  static boolean fromRequest(Map<String, String> parameters, AttributionSearch search) {
    String session = usable(parameters.get(SESSION));
    if (session != null) {
      search.setSessionId(session);
    }
    String team = usable(parameters.get(TEAM));
    if (team != null) {
      search.setTeamId(team);
    }
    return OLDEST.equals(parameters.get(ORDER));
  }

  private static String usable(String value) {
    return value == null || value.isBlank() || value.length() > AttributionSearch.MAX_TEXT
        ? null
        : value.strip();
  }
}
