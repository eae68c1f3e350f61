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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the shape of the hand-written sets on which the semantic cache's precision and recall are measured:
 * {@code semantic-eval/pairs.jsonl}, on which the meaning guards were tuned; {@code semantic-eval/heldout.jsonl},
 * written separately and never used for tuning, so that its numbers are out of sample; and
 * {@code semantic-eval/final.jsonl}, a final test set written apart from both and from the guards, on which nobody
 * tunes; and {@code semantic-eval/fresh.jsonl}, written after the final set's mistakes had been read, which took its
 * place as the untouched test set. Each line is one pair of user texts: {@code same: true} (category {@code paraphrase}) when a cached answer to
 * {@code a} is a correct answer to {@code b}, {@code same: false} for look-alikes that must not match (negation,
 * antonym, number, date, unit, entity, code, language, topic). Only the sets are checked here, not a matcher: a set too
 * small or lopsided would make the measured precision mean little, and a text shared with an earlier set would make a
 * later one less independent.
 */
class SemanticEvalSetTest {
  private static final String PARAPHRASE = "paraphrase";

  /** One line of a file. */
  record Pair(String id, String category, String a, String b, boolean same) {}

  /**
   * One evaluation file and the floors it promises: its size, its pairs per category (a false hit is costly, so every
   * kind of look-alike must be well covered) and its paraphrases with the same numbers, names or code on both sides
   * ({@code hard-} ids), which the guards must let through.
   */
  record EvalSet(String resource, int minimumSize, Map<String, Integer> minimums, int minimumHard) {
    @Override
    public String toString() {
      return resource;
    }
  }

  static final EvalSet IN_SAMPLE =
      new EvalSet(
          "/semantic-eval/pairs.jsonl",
          600,
          Map.of(
              PARAPHRASE,
              260,
              "negation",
              40,
              "antonym",
              40,
              "number",
              40,
              "date",
              30,
              "unit",
              30,
              "entity",
              50,
              "code",
              40,
              "language",
              20,
              "topic",
              30),
          60);
  static final EvalSet HELD_OUT =
      new EvalSet(
          "/semantic-eval/heldout.jsonl",
          400,
          Map.of(
              PARAPHRASE,
              150,
              "negation",
              25,
              "antonym",
              25,
              "number",
              25,
              "date",
              20,
              "unit",
              20,
              "entity",
              25,
              "code",
              25,
              "language",
              15,
              "topic",
              20),
          40);
  static final EvalSet FINAL =
      new EvalSet(
          "/semantic-eval/final.jsonl",
          400,
          Map.of(
              PARAPHRASE,
              150,
              "negation",
              25,
              "antonym",
              25,
              "number",
              25,
              "date",
              25,
              "unit",
              25,
              "entity",
              25,
              "code",
              25,
              "language",
              25,
              "topic",
              25),
          40);

  static final EvalSet FRESH =
      new EvalSet(
          "/semantic-eval/fresh.jsonl",
          420,
          Map.of(
              PARAPHRASE,
              160,
              "negation",
              25,
              "antonym",
              25,
              "number",
              25,
              "date",
              25,
              "unit",
              25,
              "entity",
              25,
              "code",
              25,
              "language",
              25,
              "topic",
              25),
          40);

  static Stream<EvalSet> sets() {
    return Stream.of(IN_SAMPLE, HELD_OUT, FINAL, FRESH);
  }

  static List<Pair> load(String resource) {
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = SemanticEvalSetTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource + " on the classpath").isNotNull();
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

  @ParameterizedTest
  @MethodSource("sets")
  void holdsEnoughPairsOfEachCategory(EvalSet set) {
    List<Pair> pairs = load(set.resource());
    assertThat(pairs).hasSizeGreaterThanOrEqualTo(set.minimumSize());
    Map<String, Long> counts =
        pairs.stream().collect(Collectors.groupingBy(Pair::category, Collectors.counting()));
    // Both files use the same vocabulary, so that their results can be read side by side.
    assertThat(counts.keySet()).isSubsetOf(IN_SAMPLE.minimums().keySet());
    set.minimums()
        .forEach(
            (category, minimum) ->
                assertThat(counts.getOrDefault(category, 0L))
                    .as(category)
                    .isGreaterThanOrEqualTo(minimum));
    assertThat(pairs)
        .filteredOn(pair -> pair.id().startsWith("hard-"))
        .hasSizeGreaterThanOrEqualTo(set.minimumHard())
        .allSatisfy(pair -> assertThat(pair.category()).isEqualTo(PARAPHRASE));
  }

  @ParameterizedTest
  @MethodSource("sets")
  void idsAreUnique(EvalSet set) {
    assertThat(load(set.resource()))
        .extracting(Pair::id)
        .doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).isNotBlank());
  }

  @ParameterizedTest
  @MethodSource("sets")
  void noPairRepeatsInEitherOrder(EvalSet set) {
    // An unordered key, so that (a, b) and (b, a) count as the same pair.
    Function<Pair, Set<String>> unordered = pair -> Set.of(pair.a(), pair.b());
    Set<Set<String>> seen = new HashSet<>();
    assertThat(load(set.resource()))
        .allSatisfy(pair -> assertThat(seen.add(unordered.apply(pair))).as(pair.id()).isTrue());
  }

  @ParameterizedTest
  @MethodSource("sets")
  void onlyParaphrasesAreLabelledSame(EvalSet set) {
    assertThat(load(set.resource()))
        .allSatisfy(
            pair ->
                assertThat(pair.same())
                    .as(pair.id())
                    .isEqualTo(PARAPHRASE.equals(pair.category())));
  }

  @ParameterizedTest
  @MethodSource("sets")
  void textsAreDistinctAndOfAUsableLength(EvalSet set) {
    assertThat(load(set.resource()))
        .allSatisfy(
            pair -> {
              assertThat(pair.a()).as(pair.id()).isNotEqualTo(pair.b());
              assertThat(List.of(pair.a(), pair.b()))
                  .as(pair.id())
                  .allSatisfy(text -> assertThat(text.length()).isBetween(3, 200));
            });
  }

  private static final Pattern NOT_A_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");

  /** A text as compared across the files: case, punctuation and spacing aside. */
  private static String key(String text) {
    return NOT_A_LETTER_OR_DIGIT.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }

  /** The texts of the given sets, as compared across the files. */
  private static Set<String> keys(EvalSet... sets) {
    return Stream.of(sets)
        .flatMap(set -> load(set.resource()).stream())
        .flatMap(pair -> Stream.of(pair.a(), pair.b()))
        .map(SemanticEvalSetTest::key)
        .collect(Collectors.toSet());
  }

  private static void assertSharesNoText(EvalSet set, Set<String> others) {
    // Only the shared texts of the set checked are listed on failure, never the other sets'
    // contents: whoever writes a later set must be able to fix it without reading the earlier ones.
    List<String> shared =
        load(set.resource()).stream()
            .flatMap(
                pair ->
                    Stream.of(pair.a(), pair.b())
                        .filter(text -> others.contains(key(text)))
                        .map(text -> pair.id() + ": " + text))
            .toList();
    assertThat(shared).as("texts of " + set + " already in an earlier set").isEmpty();
  }

  @Test
  void heldOutSharesNoTextWithTheTuningSet() {
    // The held-out set measures the guards out of sample only if none of its texts was seen while
    // tuning them.
    assertSharesNoText(HELD_OUT, keys(IN_SAMPLE));
  }

  @Test
  void finalSetSharesNoTextWithTheOtherSets() {
    // The final set gives an honest out-of-sample number only if none of its texts was seen while
    // tuning the guards (pairs.jsonl) or while looking at their mistakes on the held-out set
    // (heldout.jsonl).
    assertSharesNoText(FINAL, keys(IN_SAMPLE, HELD_OUT));
  }

  @Test
  void freshSetSharesNoTextWithTheOtherSets() {
    // The fresh set replaced the final one as the untouched test set once the final set's mistakes
    // had been read.
    assertSharesNoText(FRESH, keys(IN_SAMPLE, HELD_OUT, FINAL));
  }
}
