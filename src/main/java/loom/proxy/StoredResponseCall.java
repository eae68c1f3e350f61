package loom.proxy;

import java.util.Optional;

/**
 * A call about one stored Responses API response: {@code GET} or {@code DELETE /responses/{id}},
 * {@code GET /responses/{id}/input_items}, {@code POST /responses/{id}/cancel}. Only what the path says.
 *
 * @param action "" for the response itself, else {@code input_items} or {@code cancel}
 */
record StoredResponseCall(String responseId, String action) {
  private static final String PREFIX = Endpoint.RESPONSES.path() + "/";

  /** The call a {@code /v1} path is, if it is about one stored response. */
  static Optional<StoredResponseCall> of(String pathInfo) {
    if (pathInfo == null || !pathInfo.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = pathInfo.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    String id = slash < 0 ? rest : rest.substring(0, slash);
    String action = slash < 0 ? "" : rest.substring(slash + 1);
    if (id.isEmpty()
        || !(action.isEmpty() || action.equals("input_items") || action.equals("cancel"))) {
      return Optional.empty();
    }
    return Optional.of(new StoredResponseCall(id, action));
  }

  /** The methods this call may use. */
  String allowedMethods() {
    return switch (action) {
      case "" -> "GET, DELETE";
      case "cancel" -> "POST";
      default -> "GET";
    };
  }

  /** Whether the answer is the response object itself (a retrieve, a cancel), whose usage may be due. */
  boolean answersWithResponse(String method) {
    return action.equals("cancel") || (action.isEmpty() && "GET".equals(method));
  }
}
