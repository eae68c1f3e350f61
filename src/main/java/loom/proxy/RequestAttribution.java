package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import loom.auth.Caller;
import loom.auth.TagRules;
import loom.config.WireApi;
import loom.support.InvalidInputException;

/**
 * A request's attribution while it is being read: what its headers said (found by {@link AttributionFilter}), then
 * completed from its body where the proxy parses that anyway ({@link #withBody}). Each step publishes the
 * {@link Attribution} the request log stores, so a call refused at any point is still attributed. The request's own
 * tags win over its key's default tags of the same name. Immutable.
 */
final class RequestAttribution {
  private static final String ATTRIBUTE = RequestAttribution.class.getName();

  private final String sessionId;
  private final ClientTool clientTool;
  private final List<String> ownTags;
  private final List<String> defaultTags;
  private final Attribution attribution;

  /** @throws InvalidInputException naming {@code field} when the tags are too many */
  private RequestAttribution(
      String teamId,
      String sessionId,
      ClientTool clientTool,
      List<String> ownTags,
      List<String> defaultTags,
      String field) {
    this.sessionId = sessionId;
    this.clientTool = clientTool;
    this.ownTags = ownTags;
    this.defaultTags = defaultTags;
    // Most calls have no tags at all: no sets built for them.
    List<String> tags =
        ownTags.isEmpty() && defaultTags.isEmpty()
            ? List.of()
            : TagRules.merge(field, ownTags, defaultTags);
    this.attribution =
        new Attribution(teamId, sessionId, clientTool == null ? null : clientTool.id(), tags);
  }

  /**
   * The attribution a request's headers and caller give, published on the request. Throws a 400
   * {@link ProxyException} for a bad explicit session or bad tags, after publishing the attribution without tags.
   */
  static void attach(HttpServletRequest req, Caller caller) {
    ClientTool tool = ClientTool.of(req);
    String explicit = req.getHeader(SessionIds.EXPLICIT_HEADER);
    String session = explicit == null ? SessionIds.fromClientHeaders(req) : explicit.trim();
    if (explicit != null && !SessionIds.isValid(session)) {
      publish(req, new RequestAttribution(caller.teamId(), null, tool, List.of(), List.of(), null));
      throw new ProxyException(
          OpenAiError.invalidSession(SessionIds.EXPLICIT_HEADER, SessionIds.MAX_LENGTH));
    }
    try {
      publish(
          req,
          new RequestAttribution(
              caller.teamId(),
              session,
              tool,
              RequestTags.fromHeaders(req),
              caller.policy().defaultTags(),
              RequestTags.LIST_HEADER));
    } catch (InvalidInputException broken) {
      publish(
          req, new RequestAttribution(caller.teamId(), session, tool, List.of(), List.of(), null));
      throw RequestTags.refusal(broken);
    }
  }

  /**
   * Completes a request's attribution from its parsed body, if its headers were read: the tags of the OpenAI
   * {@code metadata} of chat completions and Responses calls, and the session of a Messages call's
   * {@code metadata.user_id} when no header named one. Throws a 400 ProxyException for bad tags, after publishing the
   * attribution without tags.
   */
  static void completeFrom(ServletRequest req, Endpoint endpoint, ObjectNode body) {
    if (!(req.getAttribute(ATTRIBUTE) instanceof RequestAttribution fromHeaders)) {
      return;
    }
    RequestAttribution complete;
    try {
      complete = fromHeaders.withBody(endpoint, body);
    } catch (InvalidInputException broken) {
      publish(req, fromHeaders.withoutTags());
      throw RequestTags.refusal(broken);
    }
    if (complete != fromHeaders) {
      publish(req, complete);
    }
  }

  /** This attribution with what the body adds; this same object when it adds nothing. */
  RequestAttribution withBody(Endpoint endpoint, ObjectNode body) {
    JsonNode metadata = body.get(RequestTags.METADATA);
    if (metadata == null || !metadata.isObject()) {
      return this;
    }
    if (endpoint.api() == WireApi.MESSAGES) {
      String session = sessionId != null ? null : SessionIds.fromUserId(metadata.get("user_id"));
      return session == null ? this : with(session, ownTags, null);
    }
    if (endpoint != Endpoint.CHAT_COMPLETIONS && endpoint != Endpoint.RESPONSES) {
      return this;
    }
    List<String> fromMetadata = RequestTags.fromMetadata(metadata);
    if (fromMetadata.isEmpty()) {
      return this;
    }
    List<String> own = new ArrayList<>(ownTags.size() + fromMetadata.size());
    own.addAll(ownTags);
    own.addAll(fromMetadata);
    try {
      return with(sessionId, own, RequestTags.METADATA);
    } catch (InvalidInputException tooMany) {
      // Past the bound only with the metadata's entries: the headers' tags are kept, the call is
      // not refused.
      return this;
    }
  }

  /** What the request log stores. */
  Attribution attribution() {
    return attribution;
  }

  private RequestAttribution with(String session, List<String> own, String field) {
    return new RequestAttribution(
        attribution.teamId(), session, clientTool, own, defaultTags, field);
  }

  private RequestAttribution withoutTags() {
    return new RequestAttribution(
        attribution.teamId(), sessionId, clientTool, List.of(), List.of(), null);
  }

  private static void publish(ServletRequest req, RequestAttribution attribution) {
    req.setAttribute(ATTRIBUTE, attribution);
    req.setAttribute(Attribution.ATTRIBUTE, attribution.attribution);
  }
}
