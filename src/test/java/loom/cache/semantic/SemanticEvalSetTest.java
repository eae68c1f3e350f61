package loom.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks the shape of {@code semantic-eval/pairs.jsonl}, the hand-written set on which the semantic cache's precision
 * and recall are measured. Each line is one pair of user texts: {@code same: true} (category {@code paraphrase}) when a
 * cached answer to {@code a} is a correct answer to {@code b}, {@code same: false} for look-alikes that must not match
 * (negation, antonym, number, date, unit, entity, code, language, topic). Only the set is checked here, not a
 * matcher: a set too small or lopsided would make the measured precision mean little.
 */
class SemanticEvalSetTest {
  private static final String RESOURCE = "/semantic-eval/pairs.jsonl";
  private static final String PARAPHRASE = "paraphrase";
  // The per-category floors the set promises; a false hit is costly, so every kind of look-alike must be well covered.
  private static final Map<String, Integer> MINIMUMS = Map.of(PARAPHRASE, 260, "negation", 40, "antonym", 40,
      "number", 40, "date", 30, "unit", 30, "entity", 50, "code", 40, "language", 20, "topic", 30);
  // Paraphrases with the same numbers, names or code on both sides: the guards must let these through.
  private static final int MIN_HARD_PARAPHRASES = 60;

  /** One line of the file. */
  record Pair(String id, String category, String a, String b, boolean same) {}

  private static final List<Pair> PAIRS = load();

  private static List<Pair> load() {
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = SemanticEvalSetTest.class.getResourceAsStream(RESOURCE)) {
      assertThat(in).as(RESOURCE + " on the classpath").isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return reader.lines().filter(line -> !line.isBlank()).map(line -> read(json, line)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Pair read(ObjectMapper json, String line) {
    try {
      return json.readValue(line, Pair.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not a pair: " + line, e);
    }
  }

  @Test
  void holdsEnoughPairsOfEachCategory() {
    assertThat(PAIRS).hasSizeGreaterThanOrEqualTo(600);
    Map<String, Long> counts = PAIRS.stream().collect(Collectors.groupingBy(Pair::category, Collectors.counting()));
    assertThat(counts.keySet()).isSubsetOf(MINIMUMS.keySet());
    MINIMUMS.forEach((category, minimum) -> assertThat(counts.getOrDefault(category, 0L)).as(category)
        .isGreaterThanOrEqualTo(minimum));
    assertThat(PAIRS).filteredOn(pair -> pair.id().startsWith("hard-"))
        .hasSizeGreaterThanOrEqualTo(MIN_HARD_PARAPHRASES)
        .allSatisfy(pair -> assertThat(pair.category()).isEqualTo(PARAPHRASE));
  }

  @Test
  void idsAreUnique() {
    assertThat(PAIRS).extracting(Pair::id).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isNotBlank());
  }

  @Test
  void noPairRepeatsInEitherOrder() {
    // An unordered key, so that (a, b) and (b, a) count as the same pair.
    Function<Pair, Set<String>> unordered = pair -> Set.of(pair.a(), pair.b());
    Set<Set<String>> seen = new HashSet<>();
    assertThat(PAIRS).allSatisfy(pair -> assertThat(seen.add(unordered.apply(pair))).as(pair.id()).isTrue());
  }

  @Test
  void onlyParaphrasesAreLabelledSame() {
    assertThat(PAIRS).allSatisfy(pair -> assertThat(pair.same()).as(pair.id())
        .isEqualTo(PARAPHRASE.equals(pair.category())));
  }

  @Test
  void textsAreDistinctAndOfAUsableLength() {
    assertThat(PAIRS).allSatisfy(pair -> {
      assertThat(pair.a()).as(pair.id()).isNotEqualTo(pair.b());
      assertThat(List.of(pair.a(), pair.b())).as(pair.id())
          .allSatisfy(text -> assertThat(text.length()).isBetween(3, 200));
    });
  }
}
