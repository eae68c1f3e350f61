package loom.proxy;

import jakarta.servlet.ServletRequest;
import java.util.List;
import java.util.Optional;

/**
 * Who and what a proxied request is attributed to beyond its user: the team of its key, the agent session it
 * belongs to, the client tool that sent it and its tags. Every part is optional. The request log stores it, and
 * analytics filter and break down by each part.
 *
 * @param teamId the team the key is bound to; null for none
 * @param sessionId the agent session as the client named it; null for none
 * @param clientTool the {@link ClientTool} name of the sender ({@code claude-code}); null when not known
 * @param tags the request's tags, each {@code name} or {@code name:value}, without repeats; empty for none
 */
public record Attribution(String teamId, String sessionId, String clientTool, List<String> tags) {
  /** The request attribute under which the proxy keeps a request's attribution. */
  public static final String ATTRIBUTE = "loom.proxy.Attribution";

  /** Nothing beyond the user. */
  public static final Attribution NONE = new Attribution(null, null, null, List.of());

  public Attribution {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** The attribution of a request, when the proxy found one. */
  public static Optional<Attribution> find(ServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof Attribution attribution
        ? Optional.of(attribution)
        : Optional.empty();
  }
}
