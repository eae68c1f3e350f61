package loom.proxy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 §7.6.1, and any the Connection header
 * names) never do. Towards the provider the gateway also drops the client's credentials, cookies and
 * identifying forwarding headers: the provider's own key is used and the client stays private. Towards
 * the client it drops cookies the provider set for the gateway's connection.
 */
final class ForwardedHeaders {
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "trailers",
          "transfer-encoding",
          "upgrade");

  /** Not hop-by-hop, but never sent upstream: credentials, cookies, framing the gateway redoes itself. */
  private static final Set<String> NOT_TO_UPSTREAM =
      Set.of(
          "host",
          "content-length",
          "content-type",
          "content-encoding",
          "accept-encoding",
          "expect",
          "authorization",
          "cookie",
          "api-key",
          "x-api-key",
          "openai-organization",
          "openai-project",
          "forwarded",
          "x-forwarded-for",
          "x-forwarded-host",
          "x-forwarded-proto",
          "x-forwarded-port",
          "x-real-ip");

  private static final Set<String> NOT_TO_CLIENT =
      Set.of("content-length", "content-type", "set-cookie", "set-cookie2");

  private static final String GATEWAY_PREFIX = "x-loom-";

  private ForwardedHeaders() {}

  static List<Map.Entry<String, String>> toUpstream(HttpServletRequest req) {
    Set<String> connectionNamed = connectionTokens(Collections.list(req.getHeaders("Connection")));
    List<Map.Entry<String, String>> forwarded = new ArrayList<>();
    for (String name : Collections.list(req.getHeaderNames())) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower)
          || NOT_TO_UPSTREAM.contains(lower)
          || connectionNamed.contains(lower)
          || lower.startsWith(GATEWAY_PREFIX)) {
        continue;
      }
      for (String value : Collections.list(req.getHeaders(name))) {
        forwarded.add(Map.entry(name, value));
      }
    }
    return forwarded;
  }

  static void copyToClient(
      List<Map.Entry<String, String>> upstreamHeaders, HttpServletResponse res) {
    List<String> connectionValues = new ArrayList<>();
    for (Map.Entry<String, String> header : upstreamHeaders) {
      if (header.getKey().equalsIgnoreCase("connection")) {
        connectionValues.add(header.getValue());
      }
    }
    Set<String> connectionNamed = connectionTokens(connectionValues);
    for (Map.Entry<String, String> header : upstreamHeaders) {
      String lower = header.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower)
          || NOT_TO_CLIENT.contains(lower)
          || connectionNamed.contains(lower)
          || lower.startsWith(GATEWAY_PREFIX)) {
        continue;
      }
      res.addHeader(header.getKey(), header.getValue());
    }
  }

  private static Set<String> connectionTokens(List<String> connectionValues) {
    Set<String> tokens = new HashSet<>();
    for (String value : connectionValues) {
      for (String token : value.split(",")) {
        if (!token.isBlank()) {
          tokens.add(token.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return tokens;
  }
}
