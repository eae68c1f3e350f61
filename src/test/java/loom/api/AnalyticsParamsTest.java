package loom.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.support.FieldError;
import loom.support.InvalidInputException;
import org.junit.jupiter.api.Test;

class AnalyticsParamsTest {
  @Test
  void endpointIsAFilterParameterOfEveryQuery() {
    AnalyticsParams params =
        AnalyticsParams.of(
            Map.of(
                "endpoint", List.of("messages.count_tokens"), "provider_id", List.of("anthropic")));

    LogFilter filter = params.filter();
    params.check();

    assertThat(filter.endpoint()).isEqualTo("messages.count_tokens");
    assertThat(filter.providerId()).isEqualTo("anthropic");
    assertThat(params.describe()).isEqualTo("endpoint=messages.count_tokens&provider_id=anthropic");
  }

  @Test
  void anEmptyEndpointIsNoFilter() {
    AnalyticsParams params = AnalyticsParams.of(Map.of("endpoint", List.of("")));

    assertThat(params.filter().endpoint()).isNull();
  }

  @Test
  void anEndpointGivenTwiceIsA400NamingItAsForEveryFilter() {
    AnalyticsParams params =
        AnalyticsParams.of(Map.of("endpoint", List.of("messages", "responses")));
    params.filter();

    assertThatThrownBy(params::check)
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.errors()).extracting(FieldError::param).containsExactly("endpoint"));
  }

  @Test
  void anUnknownParameterIsA400ListingEndpointAmongTheAllowedOnes() {
    AnalyticsParams params = AnalyticsParams.of(Map.of("endpoints", List.of("messages")));
    params.filter();

    assertThatThrownBy(params::check)
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.errors())
                    .singleElement()
                    .satisfies(
                        error ->
                            assertThat(error.message())
                                .isEqualTo(
                                    "is not a parameter of this endpoint; it takes api_key_id, cache_status, client_tool, end_time, "
                                        + "end_user, endpoint, model, provider_id, session_id, start_time, status, tag, team_id, user_id")));
  }

  @Test
  void theAttributionParametersFilterByTheirDimensions() {
    AnalyticsParams params =
        AnalyticsParams.of(
            Map.of(
                "team_id",
                List.of("team_a"),
                "tag",
                List.of("env:prod"),
                "client_tool",
                List.of("codex"),
                "session_id",
                List.of("s1"),
                "api_key_id",
                List.of("key_1"),
                "end_user",
                List.of("u7")));
    LogFilter filter = params.filter();
    params.check();

    assertThat(filter.attributes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Dimension.TEAM,
                "team_a",
                Dimension.TAG,
                "env:prod",
                Dimension.CLIENT_TOOL,
                "codex",
                Dimension.SESSION,
                "s1",
                Dimension.KEY,
                "key_1",
                Dimension.END_USER,
                "u7"));
  }
}
