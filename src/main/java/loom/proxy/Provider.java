package loom.proxy;

import java.util.List;
import loom.config.ProviderConfig;

/**
 * Something that answers OpenAI API calls: a remote OpenAI-compatible API or the built-in demo.
 * Implementations are thread-safe and hold their resources (connection pools) until {@link #close()}.
 */
interface Provider extends AutoCloseable {
  ProviderConfig config();

  default String id() {
    return config().id();
  }

  /** Whether a request for this model may be sent here (always, unless the provider has an allow-list). */
  default boolean accepts(String model) {
    return !config().hasModelAllowList() || config().models().contains(model);
  }

  /**
   * Sends the request and returns as soon as the response status and headers are known; the body is
   * read from the returned response, which the caller must close.
   *
   * @throws ProxyException when the provider cannot be reached or does not answer in time
   */
  UpstreamResponse send(UpstreamRequest request);

  /** The model names this provider offers, as its own API lists them. */
  List<String> listModels();

  @Override
  void close();
}
