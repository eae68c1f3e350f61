package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import loom.auth.TagRules;
import loom.support.InvalidInputException;

/**
 * A request's own tags, from where a client may put them: {@code X-Loom-Tags: a,b,env:prod}, one
 * {@code X-Loom-Tag-<name>: value} header per tag (the name lower-cased, as header names are case-insensitive), and the
 * string entries of the OpenAI {@code metadata} object ({@code "k": "v"} is {@code k:v}). Every tag is checked by
 * {@link TagRules}; a broken rule in a header is an InvalidInputException naming the header. Stateless.
 */
final class RequestTags {
  static final String LIST_HEADER = "X-Loom-Tags";
  static final String ONE_HEADER_PREFIX = "X-Loom-Tag-";
  static final String METADATA = "metadata";

  private RequestTags() {}

  /** The tags of a request's headers, in the order sent; empty when it has none. */
  static List<String> fromHeaders(HttpServletRequest req) {
    List<String> tags = new ArrayList<>(0);
    Enumeration<String> lists = req.getHeaders(LIST_HEADER);
    while (lists != null && lists.hasMoreElements()) {
      for (String tag : lists.nextElement().split(",")) {
        // "a,,b" and a trailing comma name no tag: passed over rather than refused.
        if (!tag.isBlank()) {
          tags.add(TagRules.check(LIST_HEADER, tag));
        }
      }
    }
    Enumeration<String> names = req.getHeaderNames();
    while (names != null && names.hasMoreElements()) {
      String header = names.nextElement();
      if (header.length() > ONE_HEADER_PREFIX.length()
          && header.regionMatches(true, 0, ONE_HEADER_PREFIX, 0, ONE_HEADER_PREFIX.length())) {
        String name = header.substring(ONE_HEADER_PREFIX.length()).toLowerCase(Locale.ROOT);
        for (String value : Collections.list(req.getHeaders(header))) {
          tags.add(TagRules.of(ONE_HEADER_PREFIX + name, name, value));
        }
      }
    }
    return tags;
  }

  /**
   * The tags of an OpenAI {@code metadata} object's string entries; other values are not tags, and neither are
   * entries that break a tag rule: {@code metadata} is the provider's field (values up to 512 characters, any keys),
   * so a valid request is never refused for it, its unfit entries are only not counted as tags.
   */
  static List<String> fromMetadata(JsonNode metadata) {
    if (metadata == null || !metadata.isObject() || metadata.isEmpty()) {
      return List.of();
    }
    List<String> tags = new ArrayList<>(metadata.size());
    for (Map.Entry<String, JsonNode> field : metadata.properties()) {
      if (field.getValue().isTextual()) {
        try {
          tags.add(TagRules.of(METADATA, field.getKey(), field.getValue().asText()));
        } catch (InvalidInputException unfit) {
          // Not a tag; the entry still reaches the provider as sent.
        }
      }
    }
    return tags;
  }

  /** Thrown for the caller: the parameter and rule of the first broken tag, as a 400 in the API's shape. */
  static ProxyException refusal(InvalidInputException broken) {
    var error = broken.errors().get(0);
    return new ProxyException(OpenAiError.invalidTags(error.param(), error.message()));
  }
}
