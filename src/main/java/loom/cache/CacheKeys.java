package loom.cache;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import loom.config.WireApi;
import loom.proxy.Endpoint;

/**
 * Makes response cache keys as DESIGN §7 describes: {@code v1:[namespace:][user:]provider:model:sha256hex},
 * the hash taken over the canonical JSON of the request body minus {@link #EXCLUDED_FIELDS}, so that key
 * order, whitespace and number spelling never matter while every field that can change the answer does.
 * Stateless and thread-safe.
 *
 * <p>Canonical JSON: object keys sorted by {@link String#compareTo}, no whitespace, arrays in their order,
 * strings escaped as Jackson writes them, numbers written so that numerically equal values give the same
 * text ({@code 1}, {@code 1.0}, {@code 1e0} all become {@code 1}). A {@code null} value is kept: {@code
 * "seed":null} and an absent {@code seed} give different keys, which costs at most a missed hit.
 */
public final class CacheKeys {
  /** The scheme's version, the first part of every key; bump it when the canonical form changes. */
  public static final String VERSION = "v1";

  /**
   * Top-level body fields that do not change the answer. {@code model} is here only because the upstream
   * model is already in the key: {@code demo/x} and {@code x} routed to the same model share an entry.
   */
  public static final List<String> EXCLUDED_FIELDS =
      List.of("stream", "stream_options", "user", "metadata", "model");

  /** Containers nested deeper than this are refused rather than walked. */
  static final int MAX_DEPTH = 200;

  /** Beyond this many digits of scale a plain number would be huge ({@code 1e999999}), so it keeps its exponent. */
  private static final int MAX_PLAIN_SCALE = 400;

  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern USER_PARTITION = Pattern.compile("u-[0-9a-f]{16}");
  private static final HexFormat HEX = HexFormat.of();
  private static final String UPPER_HEX = "0123456789ABCDEF";

  /**
   * The key of a request body for a provider and the upstream model it was routed to.
   *
   * @param namespace from {@code X-Loom-Cache-Namespace}, or null for none; must pass {@link #isValidNamespace}
   * @param userPartition from {@link #userPartition(String)} when {@code cache.scope: user}, else null
   * @throws IllegalArgumentException if the namespace or partition is malformed, or the body cannot be made
   *     canonical (nested deeper than {@value #MAX_DEPTH}, a non-finite number, an unpaired surrogate);
   *     such a request is simply not cached
   */
  public CacheKey key(
      String providerId,
      String upstreamModel,
      ObjectNode body,
      String namespace,
      String userPartition) {
    return key(providerId, upstreamModel, body, namespace, userPartition, null);
  }

  /**
   * The key of a request to an endpoint whose answers cannot be told apart by body alone or turned from a stream
   * into a JSON body and back (the Responses and Messages APIs): {@code variant} (see {@link #variantOf}) is hashed
   * with the body. Null for OpenAI's classic endpoints, whose keys stay as they were.
   */
  public CacheKey key(
      String providerId,
      String upstreamModel,
      ObjectNode body,
      String namespace,
      String userPartition,
      String variant) {
    requireNonNull(providerId, "providerId");
    requireNonNull(upstreamModel, "upstreamModel");
    requireNonNull(body, "body");
    if (namespace != null && !isValidNamespace(namespace)) {
      throw new IllegalArgumentException(
          "a cache namespace must match [A-Za-z0-9._-]{1,64}; got '" + namespace + "'");
    }
    // The partition is checked so a raw user id passed by mistake cannot end up in a key.
    if (userPartition != null && !USER_PARTITION.matcher(userPartition).matches()) {
      throw new IllegalArgumentException("a user partition must come from CacheKeys.userPartition");
    }
    String canonical = variant == null ? canonical(body) : "[" + variant + "]" + canonical(body);
    StringBuilder key = new StringBuilder(VERSION).append(':');
    if (namespace != null) {
      key.append(namespace).append(':');
    }
    if (userPartition != null) {
      key.append(userPartition).append(':');
    }
    byte[] hash = sha256(canonical.getBytes(StandardCharsets.UTF_8));
    key.append(providerId)
        .append(':')
        .append(upstreamModel)
        .append(':')
        .append(HEX.formatHex(hash));
    return new CacheKey(key.toString(), canonical);
  }

  /**
   * What separates the keys of an endpoint's answers beyond the body: null for OpenAI's classic endpoints (a chat
   * stream and a JSON answer are one entry, converted on replay); the path and whether it streams for the Responses
   * and Messages APIs, whose streams are replayed only as the streams they were.
   */
  public static String variantOf(Endpoint endpoint, boolean stream) {
    if (endpoint.api() == WireApi.CHAT) {
      return null;
    }
    return endpoint.path() + (stream ? ":stream" : ":json");
  }

  /** The part of a key that separates users: {@code u-} and 16 hex digits of the id's SHA-256, never the id. */
  public static String userPartition(String userId) {
    byte[] hash = sha256(requireNonNull(userId, "userId").getBytes(StandardCharsets.UTF_8));
    return "u-" + HEX.formatHex(hash, 0, 8);
  }

  /** Whether a client-chosen namespace may go into a key: 1 to 64 of {@code A-Z a-z 0-9 . _ -}, so no colon. */
  public static boolean isValidNamespace(String namespace) {
    return namespace != null && NAMESPACE.matcher(namespace).matches();
  }

  /** The canonical JSON of a body without the top-level {@link #EXCLUDED_FIELDS}. */
  static String canonical(ObjectNode body) {
    StringBuilder out = new StringBuilder(256);
    writeObject(body, out, 1, true);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out, int depth) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out, depth, false);
      case ARRAY -> writeArray(node, out, depth);
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> writeNumber(node, out);
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      default ->
          throw new IllegalArgumentException(
              "a request body holds only JSON values; got " + node.getNodeType());
    }
  }

  private static void writeObject(JsonNode object, StringBuilder out, int depth, boolean topLevel) {
    checkDepth(depth);
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.size());
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (!topLevel || !EXCLUDED_FIELDS.contains(field.getKey())) {
        fields.add(field);
      }
    }
    fields.sort(Map.Entry.comparingByKey());
    out.append('{');
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeString(fields.get(i).getKey(), out);
      out.append(':');
      write(fields.get(i).getValue(), out, depth + 1);
    }
    out.append('}');
  }

  private static void writeArray(JsonNode array, StringBuilder out, int depth) {
    checkDepth(depth);
    out.append('[');
    for (int i = 0; i < array.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      write(array.get(i), out, depth + 1);
    }
    out.append(']');
  }

  private static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "the request body is nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  /**
   * Escapes exactly as Jackson does (quote and backslash, the short forms of backspace, tab, newline, form
   * feed and carriage return, an uppercase-hex unicode escape for other control characters, all else as it is)
   * but copies runs of plain text at once: several times faster than Jackson's per-character encoder.
   */
  static void writeString(String text, StringBuilder out) {
    out.append('"');
    int copied = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isSurrogate(c)) {
        // UTF-8 would turn every unpaired surrogate into the same '?', so two different bodies
        // could share a key.
        throw new IllegalArgumentException(
            "the request body holds a string that is not valid Unicode");
      }
      out.append(text, copied, i).append('\\');
      switch (c) {
        case '"', '\\' -> out.append(c);
        case '\b' -> out.append('b');
        case '\t' -> out.append('t');
        case '\n' -> out.append('n');
        case '\f' -> out.append('f');
        case '\r' -> out.append('r');
        default ->
            out.append("u00").append(UPPER_HEX.charAt(c >> 4)).append(UPPER_HEX.charAt(c & 0xF));
      }
      copied = i + 1;
    }
    out.append(text, copied, text.length()).append('"');
  }

  private static void writeNumber(JsonNode number, StringBuilder out) {
    if (number.isIntegralNumber()) {
      // Integer tokens are already canonical: JSON allows neither a '+' nor leading zeros.
      out.append(
          number.isBigInteger()
              ? number.bigIntegerValue().toString()
              : Long.toString(number.longValue()));
      return;
    }
    BigDecimal value = decimalOf(number).stripTrailingZeros();
    out.append(
        Math.abs(value.scale()) > MAX_PLAIN_SCALE ? value.toString() : value.toPlainString());
  }

  private static BigDecimal decimalOf(JsonNode number) {
    switch (number.numberType()) {
      case BIG_DECIMAL:
        return number.decimalValue();
      case FLOAT:
        // Through its own shortest text: widening to double would turn 0.1f into
        // 0.10000000149011612.
        return new BigDecimal(Float.toString(number.floatValue()));
      default:
        double value = number.doubleValue();
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException(
              "the request body holds a number JSON cannot express: " + value);
        }
        // valueOf goes through the shortest text of the double, as the client most likely wrote it.
        return BigDecimal.valueOf(value);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every Java platform must provide SHA-256", impossible);
    }
  }
}
