package loom.cache.warming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import loom.config.ConfigException;
import loom.config.ConfigLoader;
import loom.config.WarmingJob;
import loom.testing.TestClock;
import loom.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code cache.warming}: its configuration checked at deploy, and its jobs started when due, one run at a time. */
class WarmingScheduleTest {
  @RegisterExtension final TestStores stores = new TestStores();

  private Path warmingFile() throws IOException {
    return Files.writeString(
        stores.folder().resolve("warm.jsonl"),
        "{\"endpoint\":\"/embeddings\",\"body\":"
            + "{\"model\":\"demo-embedding\",\"input\":\"scheduled\"}}\n");
  }

  private String yaml(String warming) {
    return """
        providers: [{ id: demo, type: demo }]
        routing: { default_provider: demo }
        cache:
          warming:
        """
        + warming;
  }

  @Test
  void jobsRunAtOnceThenEveryPeriodAndWaitWhileAnotherRunRuns() throws IOException {
    warmingFile();
    try (WarmingFixture gateway =
        new WarmingFixture(
            stores,
            yaml(
                """
            - { file: warm.jsonl, every: 1h, as_user: admin, ttl: 2h }
            - { replay: 7d, every: 24h, as_user: admin }
        """))) {
      List<WarmingJob> jobs = gateway.config.cache().warming();
      assertThat(jobs).hasSize(2);
      assertThat(jobs.get(0).file())
          .hasValue(stores.folder().resolve("warm.jsonl").toAbsolutePath().normalize());
      assertThat(jobs.get(1).replay()).hasValue(Duration.ofDays(7));
      TestClock clock = new TestClock(Instant.now());
      WarmingSchedule schedule =
          new WarmingSchedule(
              jobs,
              gateway.warmer,
              name -> name.equals("admin") ? Optional.of(WarmingFixture.ADMIN) : Optional.empty(),
              clock);

      List<String> first = schedule.runDue();
      assertThat(first).as("the replay waits while the file's run runs").hasSize(1);
      gateway.worker.runAll();
      assertThat(gateway.warmer.find(WarmingFixture.ADMIN, first.get(0)).stored()).isEqualTo(1);
      assertThat(schedule.runDue()).as("the replay's turn").hasSize(1);
      gateway.worker.runAll();
      assertThat(schedule.runDue()).as("nothing is due").isEmpty();

      clock.advance(Duration.ofHours(1));
      List<String> again = schedule.runDue();
      assertThat(again).hasSize(1);
      gateway.worker.runAll();
      assertThat(gateway.warmer.find(WarmingFixture.ADMIN, again.get(0)).alreadyCached())
          .isEqualTo(1);
    }
  }

  @Test
  void aJobWhoseUserIsNotAnAdminIsLoggedAndTriedAtItsNextPeriod() throws IOException {
    warmingFile();
    try (WarmingFixture gateway =
        new WarmingFixture(
            stores,
            yaml(
                """
            - { file: warm.jsonl, every: 1h, as_user: nobody }
        """))) {
      TestClock clock = new TestClock(Instant.now());
      WarmingSchedule schedule =
          new WarmingSchedule(
              gateway.config.cache().warming(), gateway.warmer, name -> Optional.empty(), clock);

      assertThat(schedule.runDue()).isEmpty();
      assertThat(gateway.warmer.list(WarmingFixture.ADMIN)).isEmpty();
    }
  }

  @Test
  void badJobsStopTheDeployNamingTheKey() throws IOException {
    warmingFile();
    ConfigLoader loader = new ConfigLoader(name -> null, name -> null);

    assertThatThrownBy(
            () ->
                loader.parse(
                    yaml("    - { file: warm.jsonl, replay: 1d, every: 1h, as_user: a }\n"),
                    stores.folder(),
                    "t"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cache.warming[0]")
        .hasMessageContaining("exactly one of file");
    assertThatThrownBy(
            () ->
                loader.parse(
                    yaml("    - { file: warm.jsonl, as_user: a }\n"), stores.folder(), "t"))
        .hasMessageContaining("every")
        .hasMessageContaining("is required");
    assertThatThrownBy(
            () ->
                loader.parse(
                    yaml("    - { file: warm.jsonl, every: 1m, as_user: a }\n"),
                    stores.folder(),
                    "t"))
        .hasMessageContaining("at least 5m");
    assertThatThrownBy(
            () ->
                loader.parse(
                    yaml("    - { file: missing.jsonl, every: 1h, as_user: a }\n"),
                    stores.folder(),
                    "t"))
        .hasMessageContaining("a readable file");
    assertThatThrownBy(
            () ->
                loader.parse(yaml("    - { file: warm.jsonl, every: 1h }\n"), stores.folder(), "t"))
        .hasMessageContaining("as_user");
    assertThatThrownBy(
            () ->
                loader.parse(
                    yaml("    - { replay: 1d, every: 1h, as_user: a, ttl: 30d }\n"),
                    stores.folder(),
                    "t"))
        .hasMessageContaining("max_ttl");
    assertThatThrownBy(
            () ->
                loader.parse(
                    yaml("    - { replay: soon, every: 1h, as_user: a }\n"), stores.folder(), "t"))
        .hasMessageContaining("a duration like");
    assertThatThrownBy(
            () ->
                loader.parse(
                    yaml("    - { replay: 1d, every: 1h, as_user: a, colour: red }\n"),
                    stores.folder(),
                    "t"))
        .hasMessageContaining("colour");
  }
}
