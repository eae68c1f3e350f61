package loom.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import loom.cache.semantic.Embedder.EmbeddingException;
import org.junit.jupiter.api.Test;

/**
 * The built-in embedder on its own ONNX session: the same vectors as LangChain4j's own model (on which the published
 * evaluation was measured), and after close no embedding, since the native session is freed.
 */
class MiniLmEmbedderTest {
  @Test
  void embedsAsLangChain4jsModelDoesAndRefusesOnceClosed() {
    String text = "How do I turn on dark mode in the app?";
    float[] reference =
        Vectors.normalized(
            new AllMiniLmL6V2QuantizedEmbeddingModel().embed(text).content().vector());
    MiniLmEmbedder embedder = MiniLmEmbedder.load();
    float[] vector = embedder.embed(text);

    assertThat(vector).hasSize(embedder.dimensions()).hasSize(384);
    assertThat(Vectors.dot(vector, reference)).isCloseTo(1.0, within(1e-6));
    assertThat(Vectors.dot(vector, embedder.embed("How can I switch the app to dark mode?")))
        .isGreaterThan(0.85);

    embedder.close();
    embedder.close();
    assertThatThrownBy(() -> embedder.embed(text))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("closed");
  }
}
