package loom.cache.warming;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import loom.auth.Caller;
import loom.config.WarmingJob;
import loom.support.ConflictException;
import loom.support.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warming jobs of {@code cache.warming}, started by the gateway's scheduler: {@link #runDue()} is called every
 * minute and starts each job whose time has come (the first time at the first call after deploy, so a new or
 * restarted gateway warms its cache at once, then every {@code every}). A job that finds another run running waits
 * for the next call; one that cannot start (its file unreadable, its user not an admin) is logged and tried again at
 * its next period. Runs on the scheduler's thread only for as long as a run takes to be planned. Thread-safe.
 */
public final class WarmingSchedule {
  /** How often the scheduler asks for the jobs that are due. */
  public static final long CHECK_PERIOD_SECONDS = 60;

  private static final Logger log = LoggerFactory.getLogger(WarmingSchedule.class);

  private final List<WarmingJob> jobs;
  private final CacheWarmer warmer;
  private final Function<String, Optional<Caller>> admins;
  private final Clock clock;
  private final List<Instant> nextRuns = new ArrayList<>(); // guarded by this

  /** @param admins the caller of an admin user by name; empty for a name that is not an admin's */
  public WarmingSchedule(
      List<WarmingJob> jobs,
      CacheWarmer warmer,
      Function<String, Optional<Caller>> admins,
      Clock clock) {
    this.jobs = List.copyOf(jobs);
    this.warmer = warmer;
    this.admins = admins;
    this.clock = clock;
    jobs.forEach(job -> nextRuns.add(Instant.MIN));
  }

  public boolean isEmpty() {
    return jobs.isEmpty();
  }

  /** Starts the jobs that are due; returns the ids of the runs started. */
  public synchronized List<String> runDue() {
    List<String> started = new ArrayList<>();
    Instant now = clock.instant();
    for (int i = 0; i < jobs.size(); i++) {
      if (now.isBefore(nextRuns.get(i))) {
        continue;
      }
      WarmingJob job = jobs.get(i);
      try {
        started.add(start(job, now));
        nextRuns.set(i, now.plus(job.every()));
      } catch (ConflictException busy) {
        // Another run is running: this job starts at a later call, once it is over.
        log.debug("Warming job {} waits: {}", job.describe(), busy.getMessage());
      } catch (GatewayException | IllegalArgumentException e) {
        log.warn(
            "Warming job {} could not start; it is tried again in {}: {}",
            job.describe(),
            job.every(),
            e.getMessage());
        nextRuns.set(i, now.plus(job.every()));
      }
    }
    return started;
  }

  private String start(WarmingJob job, Instant now) {
    Caller caller =
        admins
            .apply(job.asUser())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cache.warming as_user '" + job.asUser() + "' is not an admin user"));
    WarmingSource source =
        job.file()
            .<WarmingSource>map(path -> new WarmingSource.File(read(path), path.toString()))
            .orElseGet(
                () ->
                    new WarmingSource.Replay(
                        now.minus(job.replay().orElseThrow()),
                        now,
                        null,
                        null,
                        null,
                        CacheWarmer.MAX_REPLAY));
    WarmingProgress progress =
        warmer.start(
            caller,
            new WarmingRequest(
                source, job.namespace().orElse(null), null, job.ttl().orElse(null), false, null));
    log.info("Warming job {} started run {}", job.describe(), progress.id());
    return progress.id();
  }

  private static String read(java.nio.file.Path path) {
    try {
      if (Files.size(path) > CacheWarmer.MAX_FILE_CHARS) {
        throw new IllegalArgumentException(
            path + " is larger than " + CacheWarmer.MAX_FILE_CHARS + " bytes");
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
    }
  }
}
