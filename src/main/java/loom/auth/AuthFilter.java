package loom.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resolves {@code Authorization: Bearer <key>} to the request's {@link Caller}: a valid key sets it and
 * the chain continues; otherwise (no key, an unknown or revoked one, an expired one) the responder writes a 401 and
 * the chain stops, except on public paths, which pass without a key. Where Anthropic's clients call, the key may come as {@code x-api-key} instead (the
 * bearer token is tried first). Thread-safe.
 */
public final class AuthFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String MISSING_KEY = "Missing API key: send Authorization: Bearer <your Loom key>.";
  static final String INVALID_KEY = "Invalid API key.";
  static final String MISSING_KEY_OR_X_API_KEY =
      "Missing API key: send x-api-key: <your Loom key> or "
          + "Authorization: Bearer <your Loom key>.";
  static final String X_API_KEY = "x-api-key";
  private static final Pattern BEARER =
      Pattern.compile("^\\s*bearer\\s+(\\S+)\\s*$", Pattern.CASE_INSENSITIVE);

  private final transient ApiKeyService keys;
  private final transient UnauthorizedResponder responder;
  private final transient Predicate<HttpServletRequest> isPublic;
  private final transient Predicate<HttpServletRequest> acceptsXApiKey;

  public AuthFilter(
      ApiKeyService keys, UnauthorizedResponder responder, Predicate<HttpServletRequest> isPublic) {
    this(keys, responder, isPublic, request -> false);
  }

  /** @param acceptsXApiKey whether a request may present its key as {@code x-api-key} (Anthropic's paths) */
  public AuthFilter(
      ApiKeyService keys,
      UnauthorizedResponder responder,
      Predicate<HttpServletRequest> isPublic,
      Predicate<HttpServletRequest> acceptsXApiKey) {
    this.keys = keys;
    this.responder = responder;
    this.isPublic = isPublic;
    this.acceptsXApiKey = acceptsXApiKey;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Verdict verdict =
        acceptsXApiKey.test(req)
            ? decide(
                req.getHeader("Authorization"),
                req.getHeader(X_API_KEY),
                isPublic.test(req),
                keys::authenticate,
                keys::isExpired)
            : decide(
                req.getHeader("Authorization"),
                isPublic.test(req),
                keys::authenticate,
                keys::isExpired);
    if (verdict.caller() != null) {
      req.setAttribute(Caller.ATTRIBUTE, verdict.caller());
    }
    if (verdict.rejection() != null) {
      responder.reject(req, res, verdict.rejection());
      return;
    }
    chain.doFilter(req, res);
  }

  /** The key of an {@code Authorization} header value {@code Bearer <key>} ("Bearer" in any case, blanks trimmed). */
  static Optional<String> bearerToken(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    Matcher matcher = BEARER.matcher(authorization);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /**
   * What to do with a request: pure, so every case is tested without a servlet container. A key that authenticates
   * but {@code isExpired} is refused with a message saying when it expired (on a public path the request goes on
   * anonymously).
   */
  static Verdict decide(
      String authorization,
      boolean isPublic,
      Function<String, Optional<Caller>> authenticate,
      Predicate<Caller> isExpired) {
    Optional<String> token = bearerToken(authorization);
    return verdict(
        token.stream().toList(),
        isPublic,
        authenticate,
        isExpired,
        token.isEmpty() ? MISSING_KEY : INVALID_KEY);
  }

  /**
   * As {@link #decide(String, boolean, Function, Predicate)} where a key may also come as {@code x-api-key}: a bearer
   * token is tried first, then that header (Claude Code sends both when both of its variables are set).
   */
  static Verdict decide(
      String authorization,
      String xApiKey,
      boolean isPublic,
      Function<String, Optional<Caller>> authenticate,
      Predicate<Caller> isExpired) {
    Optional<String> bearer = bearerToken(authorization);
    Optional<String> header =
        Optional.ofNullable(xApiKey).map(String::strip).filter(key -> !key.isEmpty());
    return verdict(
        Stream.of(bearer, header).flatMap(Optional::stream).toList(),
        isPublic,
        authenticate,
        isExpired,
        bearer.isEmpty() && header.isEmpty() ? MISSING_KEY_OR_X_API_KEY : INVALID_KEY);
  }

  /** The first presented key that works decides; failing that, the first expired one names its expiry. */
  private static Verdict verdict(
      List<String> presented,
      boolean isPublic,
      Function<String, Optional<Caller>> authenticate,
      Predicate<Caller> isExpired,
      String otherwise) {
    Caller expired = null;
    for (String key : presented) {
      Optional<Caller> caller = authenticate.apply(key);
      if (caller.isPresent() && !isExpired.test(caller.get())) {
        return new Verdict(caller.get(), null);
      }
      if (caller.isPresent() && expired == null) {
        expired = caller.get();
      }
    }
    if (isPublic) {
      return new Verdict(null, null);
    }
    return new Verdict(
        null, expired == null ? otherwise : expiredMessage(expired.policy().expiresAt()));
  }

  /** The refusal of an expired key: when it expired, and what to do. Never names the key itself. */
  static String expiredMessage(Instant expiresAt) {
    return "This API key expired at " + expiresAt + "; ask for a new key or a later expiry.";
  }

  /**
   * The filter's decision: continue (as {@code caller}, or anonymously on a public path when it is
   * null), or write a 401 with the {@code rejection} message when that is not null.
   */
  record Verdict(Caller caller, String rejection) {
    boolean continues() {
      return rejection == null;
    }
  }
}
