package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointNamesTest {
  @ParameterizedTest(name = "{0} {1} → {2}")
  @CsvSource({
    "POST, /v1/chat/completions, chat.completions",
    "POST, /v1/completions, completions",
    "POST, /v1/embeddings, embeddings",
    "GET, /v1/models, models",
    "GET, /v1/models/gpt-4o-mini, models",
    "GET, /v1/models/openai/gpt-4o, models",
    "POST, /v1/responses, responses",
    "POST, /v1/responses/input_tokens, responses.input_tokens",
    "GET, /v1/responses/resp_68af3c2e1b7c8190a1b2c3d4e5f60718, responses.retrieve",
    "DELETE, /v1/responses/resp_68af3c2e1b7c8190a1b2c3d4e5f60718, responses.delete",
    "delete, /v1/responses/resp_1, responses.delete",
    "GET, /v1/responses/resp_1/input_items, responses.input_items",
    "POST, /v1/responses/resp_1/cancel, responses.cancel",
    "POST, /v1/messages, messages",
    "POST, /v1/messages/count_tokens, messages.count_tokens",
    "POST, /v1/moderations, moderations",
    "POST, /v1/images/generations, images/generations",
    "POST, /v1/audio/transcriptions, audio/transcriptions",
    "POST, /v1/rerank, rerank"
  })
  void namesEveryApiOfTheGatewayAndPassThroughPaths(String method, String path, String expected) {
    assertThat(EndpointNames.of(method, path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} → {2}")
  @CsvSource({
    "GET, /v1/files/file-AbC123xYz/content, files/content",
    "POST, /v1/batches/batch_67cb7b1f/cancel, batches/cancel",
    "GET, /v1/fine_tuning/jobs/ftjob-abc123/events, fine_tuning/jobs/events",
    "GET, /v1/threads/thread_abc123/runs/run_abc123/steps, threads/runs/steps",
    "GET, /v1/messages/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF/results, messages/batches/results",
    "GET, /v1/chat/completions/chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2, chat/completions",
    "GET, /v1/files/abcdefghijklmnopqrstuvwxyzabcdefghijklmnop, files",
    "POST, /v1/fine-tunes, fine-tunes",
    "GET, /v1/vector_stores/vs_ABC/files, vector_stores/files"
  })
  void idsAreLeftOutOfPassThroughPaths(String method, String path, String expected) {
    assertThat(EndpointNames.of(method, path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} → {2}")
  @CsvSource({
    "POST, /v1/chat/completions/, chat.completions",
    "POST, /v1/messages//, messages",
    "GET, /v1/responses/resp_1/, responses.retrieve",
    "GET, /v1/models/, models",
    "GET, /v1, other",
    "GET, /v1/, other",
    "GET, /v1/12345, other",
    "GET, /v1//, other",
    "GET, /v2/chat/completions, other",
    "GET, '', other",
    "POST, /v1/responses//cancel, responses/cancel",
    "POST, /v1/responses/resp_1/input_items/extra, responses/input_items/extra"
  })
  void oddPathsGetAName(String method, String path, String expected) {
    assertThat(EndpointNames.of(method, path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} → {2}")
  @CsvSource({
    "POST, /v1/messages, messages",
    "GET, /v1/responses/resp_1, responses.retrieve",
    "POST, /v1/moderations, other",
    "GET, /v1/anything/made/up, other"
  })
  void aCallerWithoutAKeyCannotAddNames(String method, String path, String expected) {
    assertThat(EndpointNames.ofAnonymous(method, path)).isEqualTo(expected);
  }
}
