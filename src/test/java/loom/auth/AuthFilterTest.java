package loom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthFilterTest {
  private static final String VALID = "lk-valid-key-0123456789abcdef";
  private static final String REVOKED = "lk-revoked-key-0123456789abcdef";
  private static final String EXPIRED = "lk-expired-key-0123456789abcdef";
  private static final Instant EXPIRED_AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final Caller ALICE = new Caller("usr_alice", "alice", Role.USER, "key_alice");
  private static final Caller ALICE_EXPIRED =
      new Caller(
          "usr_alice",
          "alice",
          Role.USER,
          "key_old",
          null,
          new KeyPolicy(List.of(), EXPIRED_AT, List.of()));
  private static final Map<String, Caller> KNOWN = Map.of(VALID, ALICE, EXPIRED, ALICE_EXPIRED);
  private static final Function<String, Optional<Caller>> AUTHENTICATE =
      key -> Optional.ofNullable(KNOWN.get(key));
  private static final Predicate<Caller> IS_EXPIRED =
      caller -> caller.policy().isExpired(EXPIRED_AT.plusSeconds(1));
  private static final String EXPIRED_MESSAGE =
      "This API key expired at 2026-01-01T00:00:00Z; ask for a new key or a later expiry.";

  static Stream<Arguments> bearerHeaders() {
    return Stream.of(
        Arguments.of("Bearer lk-abc", Optional.of("lk-abc")),
        Arguments.of("bearer lk-abc", Optional.of("lk-abc")),
        Arguments.of("BEARER lk-abc", Optional.of("lk-abc")),
        Arguments.of("  Bearer   lk-abc  ", Optional.of("lk-abc")),
        Arguments.of("Bearer\tlk-abc", Optional.of("lk-abc")),
        Arguments.of("Bearer", Optional.empty()),
        Arguments.of("Bearer ", Optional.empty()),
        Arguments.of("Bearerlk-abc", Optional.empty()),
        Arguments.of("Basic dXNlcjpwYXNz", Optional.empty()),
        Arguments.of("lk-abc", Optional.empty()),
        Arguments.of("Bearer lk-abc extra", Optional.empty()),
        Arguments.of("", Optional.empty()));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @MethodSource("bearerHeaders")
  void readsTheKeyOfABearerHeader(String header, Optional<String> expected) {
    assertThat(AuthFilter.bearerToken(header)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullSource
  void noHeaderHasNoKey(String header) {
    assertThat(AuthFilter.bearerToken(header)).isEmpty();
  }

  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of("valid key", "Bearer " + VALID, false, ALICE, null),
        Arguments.of("valid key on a public path", "Bearer " + VALID, true, ALICE, null),
        Arguments.of("no header", null, false, null, AuthFilter.MISSING_KEY),
        Arguments.of(
            "not a bearer header", "Basic dXNlcjpwYXNz", false, null, AuthFilter.MISSING_KEY),
        Arguments.of("unknown key", "Bearer lk-unknown", false, null, AuthFilter.INVALID_KEY),
        Arguments.of("revoked key", "Bearer " + REVOKED, false, null, AuthFilter.INVALID_KEY),
        Arguments.of("no header on a public path", null, true, null, null),
        Arguments.of("unknown key on a public path", "Bearer lk-unknown", true, null, null),
        Arguments.of("expired key", "Bearer " + EXPIRED, false, null, EXPIRED_MESSAGE),
        Arguments.of("expired key on a public path", "Bearer " + EXPIRED, true, null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void decidesWhetherToContinueAndAsWhom(
      String description, String header, boolean isPublic, Caller caller, String rejection) {
    AuthFilter.Verdict verdict = AuthFilter.decide(header, isPublic, AUTHENTICATE, IS_EXPIRED);

    assertThat(verdict).isEqualTo(new AuthFilter.Verdict(caller, rejection));
    assertThat(verdict.continues()).isEqualTo(rejection == null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer lk-unknown", "Bearer " + REVOKED, "Bearer " + EXPIRED})
  void aRejectionNeverEchoesThePresentedKey(String header) {
    assertThat(AuthFilter.decide(header, false, AUTHENTICATE, IS_EXPIRED).rejection())
        .isIn("Invalid API key.", EXPIRED_MESSAGE)
        .doesNotContain("lk-");
  }

  static Stream<Arguments> anthropicRequests() {
    return Stream.of(
        Arguments.of("x-api-key alone", null, VALID, ALICE, null),
        Arguments.of("bearer alone", "Bearer " + VALID, null, ALICE, null),
        Arguments.of("both, bearer valid", "Bearer " + VALID, "lk-unknown", ALICE, null),
        Arguments.of("both, only x-api-key valid", "Bearer lk-unknown", VALID, ALICE, null),
        Arguments.of("x-api-key with blanks", null, "  " + VALID + " ", ALICE, null),
        Arguments.of("neither", null, null, null, AuthFilter.MISSING_KEY_OR_X_API_KEY),
        Arguments.of("blank x-api-key", null, "  ", null, AuthFilter.MISSING_KEY_OR_X_API_KEY),
        Arguments.of("unknown x-api-key", null, "lk-unknown", null, AuthFilter.INVALID_KEY),
        Arguments.of("revoked x-api-key", null, REVOKED, null, AuthFilter.INVALID_KEY),
        Arguments.of("expired x-api-key", null, EXPIRED, null, EXPIRED_MESSAGE),
        Arguments.of("expired bearer, valid x-api-key", "Bearer " + EXPIRED, VALID, ALICE, null),
        Arguments.of(
            "unknown bearer, expired x-api-key",
            "Bearer lk-unknown",
            EXPIRED,
            null,
            EXPIRED_MESSAGE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("anthropicRequests")
  void onAnthropicPathsTheKeyMayComeAsXApiKey(
      String description, String authorization, String xApiKey, Caller caller, String rejection) {
    assertThat(AuthFilter.decide(authorization, xApiKey, false, AUTHENTICATE, IS_EXPIRED))
        .isEqualTo(new AuthFilter.Verdict(caller, rejection));
  }
}
