package loom.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an agent session id is, and where one comes from besides {@code X-Loom-Session}: the headers Claude Code and
 * Codex send, and the {@code metadata.user_id} of a Messages call (Claude Code's JSON string
 * {@code {"device_id","account_uuid","session_id"}}, or its older {@code user_<hash>_account_<uuid>_session_<uuid>}).
 * An id is at most {@link #MAX_LENGTH} of {@code [A-Za-z0-9_.:-]}: it is stored, indexed and shown in the dashboard.
 * Values are never logged. Stateless.
 */
final class SessionIds {
  static final int MAX_LENGTH = 128;
  static final String EXPLICIT_HEADER = "X-Loom-Session";

  /** Headers that name the client's session, first found wins: Claude Code's, then Codex's session and thread. */
  static final String[] DERIVED_HEADERS = {"x-claude-code-session-id", "session-id", "thread-id"};

  private static final String LEGACY_SESSION = "_session_";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SessionIds() {}

  /** Whether {@code id} may be stored as a session id. */
  static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '.'
              || c == ':'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /** The first valid session id of the client's own headers (an invalid one is passed over), or null. */
  static String fromClientHeaders(jakarta.servlet.http.HttpServletRequest req) {
    for (String header : DERIVED_HEADERS) {
      String value = req.getHeader(header);
      if (value != null && isValid(value.trim())) {
        return value.trim();
      }
    }
    return null;
  }

  /** The session id inside a Messages call's {@code metadata.user_id}, or null when it holds no valid one. */
  static String fromUserId(JsonNode userId) {
    if (userId == null || !userId.isTextual()) {
      return null;
    }
    String text = userId.asText();
    String session;
    if (text.startsWith("{")) {
      try {
        session = JSON.readTree(text).path("session_id").asText(null);
      } catch (JsonProcessingException notJson) {
        return null;
      }
    } else {
      int at = text.lastIndexOf(LEGACY_SESSION);
      session = at < 0 ? null : text.substring(at + LEGACY_SESSION.length());
    }
    return isValid(session) ? session : null;
  }
}
