package loom.cache.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How a semantic cache would judge the hand-written evaluation pairs ({@code semantic-eval/pairs.jsonl}): each
 * pair's two texts embedded in process by all-MiniLM-L6-v2 (quantized, ONNX; the LangChain4j artifact), their cosine
 * similarity, and whether {@link MeaningGuards} let the match through. For thresholds from 0.70 to 0.98 it prints
 * recall (paraphrases that would hit), precision (hits that are paraphrases) and the false hits per look-alike
 * category, with the guards and by the cosine alone; given a threshold, also each mistake at it. Not a test:
 * {@code bench/semantic-eval.sh [threshold|- [pairs]]}, where {@code pairs} names another file of the same format,
 * in {@code semantic-eval/} on the test classpath (e.g. {@code heldout.jsonl}, the set kept out of the guards' tuning)
 * or a path; {@code -} for no threshold.
 *
 * <p>To choose a threshold for another embedding model ({@code cache.semantic.embeddings}), set
 * {@code LOOM_EVAL_EMBEDDINGS_URL} to an OpenAI-compatible {@code /v1/embeddings} (your gateway's, e.g.
 * {@code http://127.0.0.1:8080/loom/v1/embeddings}), {@code LOOM_EVAL_EMBEDDINGS_MODEL} and
 * {@code LOOM_EVAL_EMBEDDINGS_KEY}: the texts are then embedded there, one call each.
 */
public final class SemanticEvalBench {
  private static final double[] THRESHOLDS = {
    0.70, 0.75, 0.80, 0.85, 0.88, 0.90, 0.92, 0.94, 0.96, 0.98
  };
  // The set the guards were tuned on; another (the held-out heldout.jsonl) is named by the second
  // argument.
  private static final String DEFAULT_PAIRS = "pairs.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SemanticEvalBench() {}

  /** A pair, its similarity and whether the guards allowed it. */
  private record Judged(
      String id,
      String a,
      String b,
      String category,
      boolean same,
      double similarity,
      boolean allowed,
      String vetoedBy) {}

  public static void main(String[] args) throws IOException {
    String source = args.length > 1 ? args[1] : DEFAULT_PAIRS;
    Function<String, float[]> model = embedder();
    MeaningGuards guards = MeaningGuards.standard();
    List<Judged> judged = new ArrayList<>();
    long embedNanos = 0;
    int embedded = 0;
    for (JsonNode pair : pairs(source)) {
      String a = pair.path("a").asText();
      String b = pair.path("b").asText();
      long start = System.nanoTime();
      float[] va = model.apply(a);
      float[] vb = model.apply(b);
      embedNanos += System.nanoTime() - start;
      embedded += 2;
      Verdict verdict = guards.check(a, b);
      judged.add(
          new Judged(
              pair.path("id").asText(),
              a,
              b,
              pair.path("category").asText(),
              pair.path("same").asBoolean(),
              cosine(va, vb),
              verdict.allowed(),
              verdict.reason()));
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %d pairs (%d paraphrases); embedding: %.2f ms a text on average%n",
        source,
        judged.size(),
        judged.stream().filter(Judged::same).count(),
        embedNanos / 1e6 / embedded);
    print("cosine and guards", judged, true);
    print("cosine alone", judged, false);
    Map<String, Integer> vetoes = new TreeMap<>();
    judged.stream()
        .filter(j -> !j.allowed())
        .forEach(j -> vetoes.merge(j.category() + " <- " + j.vetoedBy(), 1, Integer::sum));
    System.out.println("guard vetoes (category <- guard: pairs): " + vetoes);
    if (args.length > 0 && !args[0].equals("-")) {
      // The mistakes at one threshold, to see what a guard misses or refuses wrongly.
      double threshold = Double.parseDouble(args[0]);
      System.out.println();
      System.out.println(
          "at " + threshold + ", look-alikes that hit and paraphrases the guards refused:");
      judged.stream()
          .filter(j -> j.similarity() >= threshold && j.same() != j.allowed())
          .forEach(
              j ->
                  System.out.printf(
                      Locale.ROOT,
                      "%s %.3f %s | %s | %s%n",
                      j.id(),
                      j.similarity(),
                      j.same() ? "refused by " + j.vetoedBy() : "hit",
                      j.a(),
                      j.b()));
    }
  }

  /** The built-in model, or an embeddings endpoint named by the environment. */
  private static Function<String, float[]> embedder() {
    String url = System.getenv("LOOM_EVAL_EMBEDDINGS_URL");
    if (url == null || url.isBlank()) {
      AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
      return text -> model.embed(text).content().vector();
    }
    String model =
        System.getenv().getOrDefault("LOOM_EVAL_EMBEDDINGS_MODEL", "text-embedding-3-small");
    String key = System.getenv().getOrDefault("LOOM_EVAL_EMBEDDINGS_KEY", "");
    HttpClient client = HttpClient.newHttpClient();
    System.out.println("embedding with " + model + " at " + url);
    return text -> {
      String body = JSON.createObjectNode().put("model", model).put("input", text).toString();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(60))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode embedding = JSON.readTree(response.body()).path("data").path(0).path("embedding");
        if (response.statusCode() != 200 || !embedding.isArray()) {
          throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        float[] vector = new float[embedding.size()];
        for (int i = 0; i < vector.length; i++) {
          vector[i] = (float) embedding.get(i).asDouble();
        }
        return vector;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    };
  }

  private static void print(String title, List<Judged> judged, boolean withGuards) {
    System.out.println();
    System.out.println(title + ":");
    System.out.println("threshold | recall | precision | hits | false hits by category");
    long paraphrases = judged.stream().filter(Judged::same).count();
    for (double threshold : THRESHOLDS) {
      long truePositive = 0;
      long falsePositive = 0;
      Map<String, Integer> falseHits = new TreeMap<>();
      for (Judged pair : judged) {
        boolean hit = pair.similarity() >= threshold && (!withGuards || pair.allowed());
        if (hit && pair.same()) {
          truePositive++;
        } else if (hit) {
          falsePositive++;
          falseHits.merge(pair.category(), 1, Integer::sum);
        }
      }
      long hits = truePositive + falsePositive;
      System.out.printf(
          Locale.ROOT,
          "%.2f | %.1f %% | %s | %d | %s%n",
          threshold,
          100.0 * truePositive / paraphrases,
          hits == 0 ? "—" : String.format(Locale.ROOT, "%.2f %%", 100.0 * truePositive / hits),
          hits,
          falseHits);
    }
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      normA += a[i] * a[i];
      normB += b[i] * b[i];
    }
    return dot / Math.sqrt(normA * normB);
  }

  /** The pairs of {@code source}: a file in {@code semantic-eval/} on the classpath, or else a path. */
  private static List<JsonNode> pairs(String source) throws IOException {
    ObjectMapper json = JSON;
    List<JsonNode> pairs = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(open(source))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank()) {
          pairs.add(json.readTree(line));
        }
      }
    }
    return pairs;
  }

  private static Reader open(String source) throws IOException {
    InputStream resource =
        source.contains("/")
            ? null
            : SemanticEvalBench.class.getResourceAsStream("/semantic-eval/" + source);
    if (resource != null) {
      return new InputStreamReader(resource, StandardCharsets.UTF_8);
    }
    Path path = Path.of(source);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          source + ": no pairs file of that name in semantic-eval/ nor at that path");
    }
    return Files.newBufferedReader(path, StandardCharsets.UTF_8);
  }
}
