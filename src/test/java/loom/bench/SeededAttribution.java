package loom.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import loom.proxy.Attribution;

/**
 * The attribution of the seeded requests, at the cardinalities of a mid-sized organisation: 40 users of unequal
 * appetite holding 2,000 keys (key {@code k} belongs to user {@code k % 40} and team {@code k % 50}, so each key has
 * one user and one team and each user works in five teams), 200 tags (used Zipf-like, 0–3 per session), and
 * 20,000 agent sessions: each a burst of calls from one key over 2–90 minutes, sent by Claude Code (45 %), Codex
 * (25 %) or an SDK. One request in five is no session's: an SDK or curl call of its own, with its own tags. Sessions
 * are drawn unevenly, so a few are long. Deterministic for a given random source.
 */
final class SeededAttribution {
  static final int USERS = 40;
  static final int TEAMS = 50;
  static final int KEYS = 2_000;
  static final int TAGS = 200;
  static final int SESSIONS = 20_000;
  private static final String[] TAG_KINDS = {"project", "env", "feature", "cost-center", "ticket"};
  private static final String[] SDKS = {
    "openai-sdk-python", "anthropic-sdk-python", "openai-sdk-node", "ai-sdk"
  };

  /** One agent session: its key, when it began, how long it ran, what sent it and its tags. */
  private record Session(int key, long startSecond, int seconds, String tool, List<String> tags) {}

  /** The attribution of one request and the key and user it came with. */
  record Drawn(String userId, String apiKeyId, Instant at, Attribution attribution) {}

  private final List<Session> sessions = new ArrayList<>(SESSIONS);
  private final Instant start;
  private final Instant end;

  /** Draws the sessions of {@code start..end}, starting at moments {@code moment} picks (busy hours weigh more). */
  SeededAttribution(
      SplittableRandom random,
      Instant start,
      Instant end,
      java.util.function.Supplier<Instant> moment) {
    this.start = start;
    this.end = end;
    for (int i = 0; i < SESSIONS; i++) {
      double roll = random.nextDouble();
      String tool =
          roll < 0.45 ? "claude-code" : roll < 0.70 ? "codex" : SDKS[random.nextInt(SDKS.length)];
      sessions.add(
          new Session(
              key(random),
              moment.get().getEpochSecond(),
              120 + random.nextInt(88 * 60),
              tool,
              tags(random)));
    }
  }

  /** The attribution of the next request, at a moment {@code moment} picks for a request without a session. */
  Drawn next(SplittableRandom random, java.util.function.Supplier<Instant> moment) {
    if (random.nextInt(5) == 0) {
      int key = key(random);
      String tool = random.nextInt(4) == 0 ? "curl" : SDKS[random.nextInt(SDKS.length)];
      return drawn(key, moment.get(), new Attribution(team(key), null, tool, tags(random)));
    }
    // Sessions weighted towards low indices (u^1.6): a few long ones, many short ones.
    int index =
        (int) Math.min(SESSIONS - 1, Math.floor(SESSIONS * Math.pow(random.nextDouble(), 1.6)));
    Session session = sessions.get(index);
    long second = session.startSecond() + random.nextInt(session.seconds());
    Instant at =
        Instant.ofEpochSecond(
            Math.min(second, end.getEpochSecond() - 1), random.nextInt(1_000) * 1_000_000L);
    if (at.isBefore(start)) {
      at = start;
    }
    return drawn(
        session.key(),
        at,
        new Attribution(
            team(session.key()), String.format("ses_%05d", index), session.tool(), session.tags()));
  }

  private static Drawn drawn(int key, Instant at, Attribution attribution) {
    return new Drawn(
        "usr_seed_" + key % USERS, String.format("key_seed_%04d", key), at, attribution);
  }

  private static String team(int key) {
    return String.format("team_%02d", key % TEAMS);
  }

  /** A key: its user drawn with weight 1 / (user + 1), then one of that user's 50 keys, the first ones busiest. */
  private static int key(SplittableRandom random) {
    int user =
        (int)
            Math.min(
                USERS - 1, Math.floor(Math.exp(random.nextDouble() * Math.log(USERS + 1)) - 1));
    int perUser = KEYS / USERS;
    int slot =
        (int)
            Math.min(
                perUser - 1, Math.floor(Math.exp(random.nextDouble() * Math.log(perUser + 1)) - 1));
    return slot * USERS + user;
  }

  /** 0–3 distinct tags (none 40 %, one 30 %, two 20 %, three 10 %), tag t drawn with weight 1 / (t + 1). */
  private static List<String> tags(SplittableRandom random) {
    double roll = random.nextDouble();
    int count = roll < 0.4 ? 0 : roll < 0.7 ? 1 : roll < 0.9 ? 2 : 3;
    List<String> tags = new ArrayList<>(count);
    while (tags.size() < count) {
      int tag =
          (int)
              Math.min(
                  TAGS - 1, Math.floor(Math.exp(random.nextDouble() * Math.log(TAGS + 1)) - 1));
      String name = TAG_KINDS[tag % TAG_KINDS.length] + ":t" + tag;
      if (!tags.contains(name)) {
        tags.add(name);
      }
    }
    return tags;
  }
}
