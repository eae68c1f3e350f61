package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViewTokensTest {
  @Test
  void theParameterArrivesDecodedAndTheSessionKeepsItEncoded() {
    assertThat(ViewTokens.matches("ab/c+d=", "ab%2Fc%2Bd%3D")).isTrue();
    assertThat(ViewTokens.matches("ab/c+d", "ab%2Fc%2Bd%3D")).isFalse();
    assertThat(ViewTokens.matches(null, "ab%2Fc%2Bd%3D")).isFalse();
    assertThat(ViewTokens.matches("", ""))
        .as("a session always has a token; an empty one is never stored")
        .isTrue();
  }

  @Test
  void onlyNavigationsTheUserStartedOpenAPageAtOnce() {
    assertThat(ViewTokens.isOwnNavigation("none")).isTrue();
    assertThat(ViewTokens.isOwnNavigation("same-origin")).isTrue();
    assertThat(ViewTokens.isOwnNavigation("same-site"))
        .as("another app on a sibling host")
        .isFalse();
    assertThat(ViewTokens.isOwnNavigation("cross-site")).isFalse();
    assertThat(ViewTokens.isOwnNavigation(null)).as("browsers that do not say").isFalse();
    assertThat(ViewTokens.isOwnNavigation("NONE")).isFalse();
  }

  @Test
  void theConfirmPageLinksThePageAndEscapesWhatItWrites() {
    String page =
        ViewTokens.confirmPage(
            "/lo\"om", "/lo\"om/dashboard/index.xhtml?jakarta.faces.Token=a%2F&b<");

    assertThat(page)
        .contains("href=\"/lo&quot;om/dashboard/index.xhtml?jakarta.faces.Token=a%2F&amp;b&lt;\"")
        .contains("href=\"/lo&quot;om/jakarta.faces.resource/dashboard.css.xhtml?ln=loom\"")
        .doesNotContain("<script");
  }

  @Test
  void theTokenGoesIntoTheUrlAsStored() {
    assertThat(ViewTokens.withToken("/dashboard/logs.xhtml", "a%2Fb"))
        .isEqualTo("/dashboard/logs.xhtml?jakarta.faces.Token=a%2Fb");
  }
}
