package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MatchRuleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of("equals: the whole name", "{'equals': 'gpt-5-mini'}", "gpt-5-mini", true),
        Arguments.of(
            "equals: not a longer name",
            "{'equals': 'gpt-5-mini'}",
            "gpt-5-mini-2025-08-07",
            false),
        Arguments.of("equals: ignores case", "{'equals': 'GLM-5.2'}", "glm-5.2", true),
        Arguments.of(
            "starts_with: a dated snapshot",
            "{'starts_with': 'claude-opus-4-6'}",
            "claude-opus-4-6-20260205",
            true),
        Arguments.of(
            "starts_with: ignores case", "{'starts_with': 'MiniMax-M'}", "minimax-m2", true),
        Arguments.of(
            "starts_with: not in the middle",
            "{'starts_with': 'claude'}",
            "anthropic/claude-x",
            false),
        Arguments.of("ends_with", "{'ends_with': ':free'}", "deepseek-r1:free", true),
        Arguments.of(
            "ends_with: not elsewhere", "{'ends_with': ':free'}", "deepseek-r1:free-ish", false),
        Arguments.of("contains", "{'contains': 'claude'}", "us.anthropic.claude-sonnet-4-5", true),
        Arguments.of("contains: not there", "{'contains': 'claude'}", "gpt-5", false),
        Arguments.of(
            "regex: searched anywhere",
            "{'regex': '(?:mi|code|dev|magi|mini)stral'}",
            "open-mistral-nemo",
            true),
        Arguments.of("regex: anchored when it says so", "{'regex': '^o[134]'}", "o4-mini", true),
        Arguments.of("regex: anchored misses", "{'regex': '^o[134]'}", "gpt-o3", false),
        Arguments.of(
            "regex: a date suffix",
            "{'regex': '^grok-4\\\\.3-\\\\d{8}$'}",
            "grok-4.3-20260101",
            true),
        Arguments.of("regex: sees the name lower-cased", "{'regex': '^gpt'}", "GPT-5", true),
        Arguments.of(
            "or: one of them",
            "{'or': [{'equals': 'a'}, {'starts_with': 'claude-opus-4.6'}]}",
            "claude-opus-4.6",
            true),
        Arguments.of("or: none of them", "{'or': [{'equals': 'a'}, {'equals': 'b'}]}", "c", false),
        Arguments.of(
            "and: all of them",
            "{'and': [{'contains': 'huggingface'}, {'contains': 'groq'}]}",
            "huggingface-groq",
            true),
        Arguments.of(
            "and: not only one",
            "{'and': [{'contains': 'huggingface'}, {'contains': 'groq'}]}",
            "groq",
            false),
        Arguments.of(
            "nested",
            "{'or': [{'and': [{'starts_with': 'x'}, {'ends_with': 'y'}]}, {'equals': 'z'}]}",
            "x-y",
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void everyRuleKindMatchesAsGenaiPricesDefinesIt(
      String description, String rule, String name, boolean expected) {
    assertThat(PriceListReader.rule(json(rule)).matches(MatchRule.lower(name))).isEqualTo(expected);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("unknown kind", "{'like': 'gpt'}", "unknown match rule 'like'"),
        Arguments.of("two keys", "{'equals': 'a', 'contains': 'b'}", "a match rule is one of"),
        Arguments.of("not an object", "'gpt'", "a match rule is one of"),
        Arguments.of("empty value", "{'equals': ''}", "equals must be a non-empty string"),
        Arguments.of("or of a string", "{'or': 'a'}", "or must be a list"),
        Arguments.of("empty and", "{'and': []}", "needs at least one rule"),
        Arguments.of("bad regex", "{'regex': '(unclosed'}", "Unclosed group"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aMalformedRuleIsRefused(String description, String rule, String message) {
    assertThatThrownBy(() -> PriceListReader.rule(json(rule))).hasMessageContaining(message);
  }

  @org.junit.jupiter.api.Test
  void nothingIsTheRuleOfAProviderWithoutOne() {
    assertThat(MatchRule.NOTHING.matches("gpt-5")).isFalse();
    assertThat(MatchRule.NOTHING.matches("")).isFalse();
  }

  private static JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(singleQuoted, e);
    }
  }
}
