package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Responses or Messages prompt cut into the pieces prompt caching works on (each tool, each message's header and
 * each of its content blocks, in the order the model reads them), with the {@link DemoPrompt} its reply is derived
 * from (the model, and the role and text of each message that has text). Tokens are counted as for chat
 * ({@link DemoPrompt#ofChat}): 3 to prime the reply, and per message 3 plus its role plus its text, so the same
 * messages cost the same on every API; tools cost the tokens of their JSON. Immutable.
 *
 * @param api the API the prompt was sent to, so its prefixes are cached apart from the other API's
 * @param model the model asked for, so each model has its own cached prefixes
 * @param pieces the prompt's pieces, in order
 * @param prompt what the reply is derived from: the model, and the role and text of each message with text
 * @param lastUserStart the index of the last user message's header among the pieces (pieces.size() if none)
 * @param lastMessageStart the index of the last message's header among the pieces (pieces.size() if none)
 */
record DemoTranscript(
    String api,
    String model,
    List<Piece> pieces,
    DemoPrompt prompt,
    int lastUserStart,
    int lastMessageStart) {
  /** The tokens that prime every reply; they follow the prompt, so no cached prefix holds them. */
  static final int PRIMING_TOKENS = 3;

  /** The tokens every message costs besides its role and its text. */
  static final int MESSAGE_TOKENS = 3;

  DemoTranscript {
    pieces = List.copyOf(pieces);
  }

  /** How long a prefix ending with a piece stays cached ({@code cache_control.ttl}), or NONE without a breakpoint. */
  enum Ttl {
    NONE,
    FIVE_MINUTES,
    ONE_HOUR
  }

  /**
   * One piece of the prompt.
   *
   * @param key what the piece is, for the prefix fingerprint (never its cache breakpoint, which may move)
   * @param tokens what the piece costs
   * @param breakpoint whether the client asked for the prompt up to and including this piece to be cached
   */
  record Piece(String key, int tokens, Ttl breakpoint) {}

  /** Every input token: the pieces and the priming. */
  int tokens() {
    return prompt.tokens();
  }

  /** The tokens of the first {@code end} pieces. */
  int tokensBefore(int end) {
    int tokens = 0;
    for (int index = 0; index < end; index++) {
      tokens += pieces.get(index).tokens();
    }
    return tokens;
  }

  /**
   * The fingerprint of every prefix: element {@code i} stands for the first {@code i} pieces (element 0 for none),
   * each a SHA-256 over the API, the model and those pieces' keys, chained so that computing all is linear.
   */
  List<String> prefixFingerprints() {
    List<String> fingerprints = new ArrayList<>(pieces.size() + 1);
    byte[] current = sha256(new byte[0], api + "\0" + model);
    fingerprints.add(HexFormat.of().formatHex(current));
    for (Piece piece : pieces) {
      current = sha256(current, piece.key());
      fingerprints.add(HexFormat.of().formatHex(current));
    }
    return fingerprints;
  }

  /** The Ttl a block's {@code cache_control} asks for: one hour for {@code ttl: "1h"}, else five minutes. */
  static Ttl ttlOf(JsonNode block) {
    JsonNode cacheControl = block.path("cache_control");
    if (!cacheControl.isObject()) {
      return Ttl.NONE;
    }
    return cacheControl.path("ttl").asText().equals("1h") ? Ttl.ONE_HOUR : Ttl.FIVE_MINUTES;
  }

  private static byte[] sha256(byte[] previous, String key) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(previous);
      sha256.update(key.getBytes(StandardCharsets.UTF_8));
      return sha256.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  /** Builds a transcript piece by piece, counting tokens and collecting what the reply is seeded by. Not shared. */
  static final class Builder {
    private final String api;
    private final String model;
    private final List<Piece> pieces = new ArrayList<>();
    private final List<String> seedParts = new ArrayList<>();
    private int lastUserStart = -1;
    private int lastMessageStart = -1;
    private String excerptSource = "";
    private String role;
    private final List<String> texts = new ArrayList<>();

    Builder(String api, String model) {
      this.api = api;
      this.model = model;
      seedParts.add(model);
    }

    /** A tool definition, whose JSON (without its cache breakpoint) is what it costs. */
    Builder tool(JsonNode tool) {
      String key = withoutCacheControl(tool).toString();
      pieces.add(new Piece("tool\0" + key, DemoText.tokens(key), ttlOf(tool)));
      return this;
    }

    /** Starts a message; its content follows as {@link #text} and {@link #other} pieces until {@link #end}. */
    Builder message(String messageRole) {
      end();
      role = messageRole;
      lastMessageStart = pieces.size();
      if (messageRole.equals("user")) {
        lastUserStart = pieces.size();
      }
      pieces.add(
          new Piece(
              "message\0" + messageRole, MESSAGE_TOKENS + DemoText.tokens(messageRole), Ttl.NONE));
      return this;
    }

    /**
     * Text the reply is derived from, with the block it came from (a string for plain-string content) for its
     * cache breakpoint. Only the text identifies it in a prefix, so string content and a text block holding the
     * same string are the same prefix, as they are to a provider.
     */
    Builder text(String text, JsonNode block) {
      texts.add(text);
      pieces.add(new Piece("text\0" + text, DemoText.tokens(text), ttlOf(block)));
      return this;
    }

    /**
     * Anything else in the prompt (a tool call or result, an image, a reasoning item, an unknown type): it costs
     * the tokens of {@code payload}, its textual part, and is never part of the reply's seed or excerpt.
     */
    Builder other(String payload, JsonNode block) {
      pieces.add(
          new Piece(
              "other\0" + withoutCacheControl(block), DemoText.tokens(payload), ttlOf(block)));
      return this;
    }

    /** Ends the current message, if any: its role and text join the seed. */
    Builder end() {
      if (role != null) {
        String text = String.join("\n", texts);
        // A message without text (only tool calls or results, images ...) does not change the
        // reply.
        if (!text.isEmpty()) {
          seedParts.add(role);
          seedParts.add(text);
        }
        // The reply quotes the last user message that has text (a user turn may hold only tool
        // results).
        if (!text.isEmpty() && (role.equals("user") || excerptSource.isEmpty())) {
          excerptSource = text;
        }
        role = null;
        texts.clear();
      }
      return this;
    }

    DemoTranscript build() {
      end();
      int tokens = PRIMING_TOKENS + pieces.stream().mapToInt(Piece::tokens).sum();
      int none = pieces.size();
      return new DemoTranscript(
          api,
          model,
          pieces,
          new DemoPrompt(true, seedParts, excerptSource, tokens),
          lastUserStart < 0 ? none : lastUserStart,
          lastMessageStart < 0 ? none : lastMessageStart);
    }

    private static JsonNode withoutCacheControl(JsonNode block) {
      if (block instanceof ObjectNode object && object.has("cache_control")) {
        ObjectNode copy = object.deepCopy();
        copy.remove("cache_control");
        return copy;
      }
      return block;
    }
  }
}
