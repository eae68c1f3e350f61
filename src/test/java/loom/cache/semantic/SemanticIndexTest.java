package loom.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SemanticIndexTest {
  private static final int DIMENSIONS = 16;
  private static final long NOW = 1_000_000L;
  private final Random random = new Random(42);

  private float[] randomUnit() {
    float[] vector = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      vector[i] = (float) random.nextGaussian();
    }
    return Vectors.normalized(vector);
  }

  /** A unit vector at the given cosine from {@code base} (in the plane of base and a random direction). */
  private float[] near(float[] base, double cosine) {
    float[] other = randomUnit();
    double along = Vectors.dot(other, base);
    float[] orthogonal = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      orthogonal[i] = (float) (other[i] - along * base[i]);
    }
    orthogonal = Vectors.normalized(orthogonal);
    double sine = Math.sqrt(1 - cosine * cosine);
    float[] result = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      result[i] = (float) (cosine * base[i] + sine * orthogonal[i]);
    }
    return result;
  }

  private static SemanticEntry entry(String key, String partition, float[] vector) {
    return new SemanticEntry(key, partition, "text of " + key, vector, NOW + 60_000);
  }

  @Test
  void theClosestQuestionsAboveTheThresholdComeFirstAndOnlyFromTheirPartition() {
    SemanticIndex index = new SemanticIndex(DIMENSIONS, 1 << 20);
    float[] asked = randomUnit();
    index.add(entry("close", "p", near(asked, 0.97)));
    index.add(entry("closer", "p", near(asked, 0.99)));
    index.add(entry("far", "p", near(asked, 0.5)));
    index.add(entry("elsewhere", "q", asked));

    List<SemanticIndex.Scored> found = index.nearest("p", asked, 0.9, 4, NOW);

    assertThat(found).extracting(scored -> scored.entry().key()).containsExactly("closer", "close");
    assertThat(found.get(0).similarity())
        .isCloseTo(0.99, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(index.nearest("none", asked, 0.1, 4, NOW)).isEmpty();
    assertThat(index.partitions()).isEqualTo(2);
  }

  @Test
  void anExpiredQuestionIsNeverOfferedAndIsDropped() {
    SemanticIndex index = new SemanticIndex(DIMENSIONS, 1 << 20);
    float[] asked = randomUnit();
    index.add(new SemanticEntry("old", "p", "old", asked, NOW));

    assertThat(index.nearest("p", asked, 0.5, 4, NOW)).isEmpty();
    assertThat(index.size()).isZero();
    assertThat(index.partitions()).isZero();
  }

  @Test
  void aQuestionStoredAgainUnderItsKeyReplacesTheOldOne() {
    SemanticIndex index = new SemanticIndex(DIMENSIONS, 1 << 20);
    float[] first = randomUnit();
    float[] second = randomUnit();
    index.add(entry("k", "p", first));
    index.add(entry("k", "p", second));

    assertThat(index.size()).isEqualTo(1);
    assertThat(index.nearest("p", second, 0.99, 4, NOW))
        .extracting(scored -> scored.entry().key())
        .containsExactly("k");
    assertThat(index.nearest("p", first, 0.99, 4, NOW)).isEmpty();
  }

  @Test
  void theMemoryBudgetEvictsTheOldestQuestionsFirst() {
    SemanticEntry probe = entry("k000", "p", randomUnit());
    long budget = probe.bytes() * 10 + probe.bytes() / 2;
    SemanticIndex index = new SemanticIndex(DIMENSIONS, budget);
    float[][] vectors = new float[25][];
    for (int i = 0; i < 25; i++) {
      vectors[i] = randomUnit();
      index.add(entry("k%03d".formatted(i), "p" + (i % 3), vectors[i]));
    }

    assertThat(index.size()).isEqualTo(10);
    assertThat(index.bytes()).isLessThanOrEqualTo(budget);
    assertThat(index.nearest("p" + (24 % 3), vectors[24], 0.999, 1, NOW)).hasSize(1);
    assertThat(index.nearest("p0", vectors[0], 0.999, 1, NOW))
        .as("the first one went first")
        .isEmpty();
  }

  @Test
  void aPartitionGrowsAndChurnsWithoutLosingItsLiveQuestions() {
    SemanticIndex index = new SemanticIndex(DIMENSIONS, Long.MAX_VALUE);
    float[][] vectors = new float[300][];
    for (int i = 0; i < 300; i++) {
      vectors[i] = randomUnit();
      SemanticEntry added = entry("k" + i, "p", vectors[i]);
      index.add(added);
      if (i % 2 == 1) {
        index.remove(added);
      }
    }

    assertThat(index.size()).isEqualTo(150);
    for (int i = 0; i < 300; i += 2) {
      assertThat(index.nearest("p", vectors[i], 0.999, 1, NOW))
          .as("live question " + i)
          .extracting(scored -> scored.entry().key())
          .containsExactly("k" + i);
    }
    assertThat(index.removeIf(question -> question.key().endsWith("0"))).isEqualTo(30);
    assertThat(index.size()).isEqualTo(120);
  }

  @Test
  void vectorsTravelAsBase64AndBackExactly() {
    float[] vector = randomUnit();
    assertThat(Vectors.decode(Vectors.encode(vector), DIMENSIONS)).containsExactly(vector);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Vectors.decode(Vectors.encode(vector), DIMENSIONS + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
