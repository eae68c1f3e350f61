package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import loom.config.PrivacyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class BodyPrivacyTest {
  private static final String EMAIL = "[REDACTED:email]";

  @Test
  void bodiesAreNotStoredByDefault() {
    BodyPrivacy privacy = privacy(PrivacyConfig.defaults());

    assertThat(privacy.requestBodyForStorage("{\"messages\":[]}")).isNull();
    assertThat(privacy.responseBodyForStorage("{\"choices\":[]}")).isNull();
  }

  @Test
  void requestAndResponseBodiesAreSwitchedOnSeparately() {
    Set<String> kinds = Set.copyOf(PrivacyConfig.KINDS);
    BodyPrivacy requestsOnly = privacy(new PrivacyConfig(true, false, 100, kinds, List.of()));
    BodyPrivacy responsesOnly = privacy(new PrivacyConfig(false, true, 100, kinds, List.of()));

    assertThat(requestsOnly.requestBodyForStorage("mail bob@example.com"))
        .isEqualTo("mail " + EMAIL);
    assertThat(requestsOnly.responseBodyForStorage("mail bob@example.com")).isNull();
    assertThat(responsesOnly.requestBodyForStorage("mail bob@example.com")).isNull();
    assertThat(responsesOnly.responseBodyForStorage("mail bob@example.com"))
        .isEqualTo("mail " + EMAIL);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void missingOrEmptyBodiesAreNotStored(String body) {
    BodyPrivacy privacy = privacy(on(100));

    assertThat(privacy.requestBodyForStorage(body)).isNull();
    assertThat(privacy.responseBodyForStorage(body)).isNull();
  }

  @Test
  void maxBodyLengthZeroStoresNothing() {
    BodyPrivacy privacy = privacy(on(0));

    assertThat(privacy.requestBodyForStorage("hello")).isNull();
    assertThat(privacy.responseBodyForStorage("hello")).isNull();
  }

  @Test
  void theRequestThreadOnlyCapturesAndTheWriterRedacts() {
    BodyPrivacy privacy = privacy(on(40));
    String body = "mail bob@example.com " + "y".repeat(2_000);

    String captured = privacy.captureRequest(body);
    assertThat(captured)
        .startsWith("mail bob@example.com yyy")
        .hasSizeLessThan(40 + BodyPrivacy.SCAN_MARGIN + 30)
        .endsWith("…[TRUNCATED " + (body.length() - 40 - BodyPrivacy.SCAN_MARGIN) + " chars]");

    RequestLog stored =
        privacy.redactTexts(
            LogRowSamples.log(1).withBodies(captured, privacy.captureResponse("ok")));
    assertThat(stored.requestBody())
        .isEqualTo(privacy.requestBodyForStorage(body))
        .startsWith(
            "mail " + EMAIL
                + " yyy") // "[REDACTED:email]" is one character longer than the address it
        // replaces.
        .endsWith("…[TRUNCATED " + (body.length() + 1 - 40) + " chars]");
    assertThat(stored.responseBody()).isEqualTo("ok");
  }

  @Test
  void anErrorMessageIsRedactedEvenWhenNoBodyIsKept() {
    BodyPrivacy privacy = privacy(PrivacyConfig.defaults());
    RequestLog failed =
        LogRowSamples.log(1)
            .withTexts(
                "Upstream provider 'openai' answered HTTP 400: invalid 'user': AKIAIOSFODNN7EXAMPLE for bob@example.com",
                null,
                null);

    RequestLog stored = privacy.redactTexts(failed);

    assertThat(stored.errorMessage())
        .doesNotContain("AKIAIOSFODNN7EXAMPLE", "bob@example.com")
        .contains("[REDACTED:api_key]", EMAIL)
        .startsWith("Upstream provider 'openai' answered HTTP 400");
    assertThat(stored.requestBody()).isNull();
    assertThat(stored.responseBody()).isNull();
  }

  @Test
  void aShortBodyThatEndsLikeAMarkerIsStoredAsItIs() {
    String body = "text …[TRUNCATED 99 chars]";

    assertThat(privacy(on(100)).requestBodyForStorage(body)).isEqualTo(body);
  }

  @Test
  void aBodyWithinTheLimitIsStoredRedactedAndWhole() {
    assertThat(privacy(on(100)).requestBodyForStorage("hello")).isEqualTo("hello");
  }

  @Test
  void aLongBodyIsRedactedThenTruncatedWithAMarker() {
    String body = "bob@example.com " + "x".repeat(100);

    String stored = privacy(on(20)).requestBodyForStorage(body);

    // Redacted first: 16 + 1 + 100 = 117 characters, of which 20 are kept.
    assertThat(stored).isEqualTo(EMAIL + " xxx…[TRUNCATED 97 chars]");
  }

  @Test
  void aSecretStraddlingTheCutIsStillRedacted() {
    String stored = privacy(on(8)).requestBodyForStorage("hi bob@example.com and more text");

    // Cutting first would have kept "hi bob@e"; the cut never splits a marker either.
    assertThat(stored).isEqualTo("hi …[TRUNCATED 30 chars]").doesNotContain("bob");
  }

  @Test
  void aKeyStraddlingTheCutLeavesNoHeadBehind() {
    String stored =
        privacy(on(10)).responseBodyForStorage("key sk-proj-abcdefghijklmnopqrstuvwx1234 tail");

    assertThat(stored).startsWith("key …[TRUNCATED").doesNotContain("sk-", "abc");
  }

  @Test
  void aHugeBodyIsCutToTheLimitAndCountsWhatWasDropped() {
    String body = "card 4111 1111 1111 1111 " + "y".repeat(1_000_000);

    String stored = privacy(on(40)).requestBodyForStorage(body);

    // The card's marker is 3 characters longer than the card; everything after the first 40 is
    // dropped.
    String kept = "card [REDACTED:credit_card] " + "y".repeat(12);
    assertThat(stored).isEqualTo(kept + "…[TRUNCATED " + (body.length() + 3 - 40) + " chars]");
  }

  @Test
  void theCutDoesNotSplitASurrogatePair() {
    String stored = privacy(on(5)).requestBodyForStorage("abcd\uD83D\uDE00xyz");

    assertThat(stored).isEqualTo("abcd…[TRUNCATED 5 chars]");
  }

  private static PrivacyConfig on(int maxBodyLength) {
    return new PrivacyConfig(true, true, maxBodyLength, Set.copyOf(PrivacyConfig.KINDS), List.of());
  }

  private static BodyPrivacy privacy(PrivacyConfig config) {
    return new BodyPrivacy(config, new Redactor(config));
  }
}
