package loom.testing;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The controls of {@link FakeUpstream} that one request is answered with, read once when it arrives,
 * so a {@code reset()} in the middle of an answer never mixes two configurations. Immutable.
 *
 * @param gate null unless streams are held after their first piece
 * @param slowStream null unless streams are paced
 * @param fault null unless the test asked for one
 * @param messagesStartUsage null, or what {@code message_start} reports before {@code message_delta}
 *     repeats the fields where {@code messagesUsage} differs
 * @param backgroundCompletionPoll the GET of a background response that first finds it completed
 */
record Controls(
    CountDownLatch closed,
    StreamGate gate,
    EventStream.SlowStream slowStream,
    EventStream.Signals signals,
    FakeUpstream.Fault fault,
    ResponsesUsage responsesUsage,
    MessagesUsage messagesUsage,
    MessagesUsage messagesStartUsage,
    int backgroundCompletionPoll) {

  List<String> pieces(List<String> defaults) {
    return slowStream == null ? defaults : slowStream.pieces();
  }

  boolean has(FakeUpstream.Fault wanted) {
    return fault == wanted;
  }
}
