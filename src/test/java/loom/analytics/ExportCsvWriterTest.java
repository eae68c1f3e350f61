package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import loom.proxy.Attribution;
import loom.proxy.CacheStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportCsvWriterTest {
  private static final String HEADER =
      "Timestamp,Request ID,User ID,Method,Path,Provider ID,Model,Prompt Tokens,"
          + "Completion Tokens,Total Tokens,Latency (ms),Status Code,Cost (USD),Cache Status,Error Message,Endpoint,"
          + "Cache Write Tokens,API Key ID,End User,Team ID,Session ID,Client Tool,Tags,Cached Tokens,"
          + "Prompt Cache Saved (USD),Cache Saved (USD),Cache Hit,Cache Similarity\r\n";

  @Test
  void aCacheHitSaysWhatItSavedAndWhetherItWasExactOrByMeaningWithItsSimilarity() {
    RequestLog exact =
        ExportRowBuilder.sample(1)
            .cacheStatus(CacheStatus.HIT)
            .costUsd("0")
            .costSavedUsd("0.0012")
            .build();
    RequestLog semantic =
        ExportRowBuilder.sample(2)
            .cacheStatus(CacheStatus.HIT)
            .costUsd("0")
            .costSavedUsd("0.0005")
            .metadata("{\"semantic_similarity\":0.9312,\"semantic_match\":\"v1:demo:m:ab\"}")
            .build();
    RequestLog miss =
        ExportRowBuilder.sample(3).cacheStatus(CacheStatus.MISS).costSavedUsd("0").build();

    List<List<String>> records =
        ExportCsvReader.read(export(ExportFormat.CSV, exact, semantic, miss));
    int saved = records.get(0).indexOf("Cache Saved (USD)");

    assertThat(records.get(1).subList(saved, saved + 3)).containsExactly("0.0012", "exact", "");
    assertThat(records.get(2).subList(saved, saved + 3))
        .containsExactly("0.0005", "semantic", "0.9312");
    assertThat(records.get(3).subList(saved, saved + 3)).containsExactly("0", "", "");
  }

  static String export(ExportFormat format, RequestLog... rows) {
    StringWriter out = new StringWriter();
    try (ExportWriter writer = ExportWriter.of(format, out)) {
      writer.begin();
      for (RequestLog row : rows) {
        writer.write(row);
      }
      writer.end();
      assertThat(writer.rows()).isEqualTo(rows.length);
    }
    return out.toString();
  }

  private static List<String> onlyRecord(String csv) {
    List<List<String>> records = ExportCsvReader.read(csv);
    assertThat(records).hasSize(2);
    return records.get(1);
  }

  @Test
  void noRowsIsTheExactHeaderOfTheApi() {
    assertThat(export(ExportFormat.CSV)).isEqualTo(HEADER);
  }

  @Test
  void aRowHoldsTheLogInTheColumnsOrder() {
    assertThat(export(ExportFormat.CSV, LogRowSamples.log(1)))
        .isEqualTo(
            HEADER
                + "2026-03-01T10:17:00Z,req_1,usr_bob,POST,/v1/chat/completions,demo,gpt-4o,11,6,17,50,200,0.000002468,"
                + "MISS,,chat.completions,0,key_1,end_user_1,,,,,1,0,0,,\r\n");
  }

  @Test
  void theAttributionAndThePromptCacheSavingFollow() {
    RequestLog log = LogRowSamples.log(1);
    RequestLog attributed =
        new RequestLog(
            log.id(),
            log.requestId(),
            log.timestamp(),
            log.userId(),
            log.apiKeyId(),
            log.endUser(),
            log.method(),
            log.path(),
            log.endpoint(),
            log.providerId(),
            log.modelName(),
            log.promptTokens(),
            log.completionTokens(),
            log.totalTokens(),
            log.cachedTokens(),
            log.cacheWriteTokens(),
            log.cacheWrite1hTokens(),
            log.reasoningTokens(),
            log.latencyMs(),
            log.timeToFirstByteMs(),
            log.statusCode(),
            log.costUsd(),
            log.costSavedUsd(),
            log.priceVersion(),
            log.cacheStatus(),
            log.stream(),
            log.errorMessage(),
            null,
            null,
            null,
            null,
            new Attribution("team_1", "sess-9", "claude-code", List.of("env:prod", "billing")),
            new java.math.BigDecimal("0.00000125"));

    assertThat(onlyRecord(export(ExportFormat.CSV, attributed)).subList(17, 25))
        .containsExactly(
            "key_1",
            "end_user_1",
            "team_1",
            "sess-9",
            "claude-code",
            "env:prod,billing",
            "1",
            "0.00000125");
  }

  @Test
  void rowsAreWrittenInOrderOneRecordEach() {
    List<List<String>> records =
        ExportCsvReader.read(
            export(
                ExportFormat.CSV,
                LogRowSamples.log(0),
                LogRowSamples.log(1),
                LogRowSamples.log(3)));

    assertThat(records).hasSize(4).allSatisfy(record -> assertThat(record).hasSize(28));
    assertThat(records.stream().skip(1).map(record -> record.get(1)))
        .containsExactly("req_0", "req_1", "req_3");
    assertThat(records.get(3).get(11)).isEqualTo("502");
    assertThat(records.get(3).get(14)).isEqualTo("upstream said 'no'");
  }

  @Test
  void theEndpointAndTheCacheWritesComeAfterTheColumnsOfTheApi() {
    List<String> record = onlyRecord(export(ExportFormat.CSV, LogRowSamples.log(2)));

    assertThat(record.get(4)).isEqualTo("/v1/messages");
    assertThat(record.get(15)).isEqualTo("messages");
    assertThat(record.get(16))
        .isEqualTo(Long.toString(LogRowSamples.log(2).cacheWriteTokens()))
        .isNotEqualTo("0");
  }

  @Test
  void aCacheHitCostsZeroWithoutTrailingZeros() {
    List<String> record = onlyRecord(export(ExportFormat.CSV, LogRowSamples.log(0)));

    assertThat(record.get(12)).isEqualTo("0");
    assertThat(record.get(13)).isEqualTo("HIT");
  }

  @Test
  void commasQuotesAndLineBreaksAreQuotedWithDoubledQuotes() {
    String message = "upstream said \"no\", twice\r\nthen: \"again\"\nand\rstop";
    String csv = export(ExportFormat.CSV, ExportRowBuilder.sample(3).errorMessage(message).build());

    assertThat(csv)
        .contains(
            ",\"upstream said \"\"no\"\", twice\r\nthen: \"\"again\"\"\nand\rstop\",responses,0,");
    assertThat(onlyRecord(csv).get(14)).isEqualTo(message);
  }

  @Test
  void unicodeIsWrittenAsItIs() {
    String message = "モデルが見つかりません 🚀 ünïcödé 模型";
    String csv =
        export(
            ExportFormat.CSV,
            ExportRowBuilder.sample(3)
                .userId("usr_ñandú")
                .modelName("通义千问")
                .errorMessage(message)
                .build());

    assertThat(csv).contains(",usr_ñandú,", ",通义千问,", "," + message + ",responses,0,");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {"=HYPERLINK(\"http://evil\")", "+1+2", "-2+3", "@SUM(A1:A9)", "\tcmd", "\r=1"})
  void textCellsThatASpreadsheetWouldRunGetALeadingQuote(String attack) {
    RequestLog row =
        ExportRowBuilder.sample(3)
            .userId(attack)
            .providerId(attack)
            .modelName(attack)
            .errorMessage(attack)
            .build();

    List<String> record = onlyRecord(export(ExportFormat.CSV, row));

    assertThat(List.of(record.get(2), record.get(5), record.get(6), record.get(14)))
        .containsOnly("'" + attack);
  }

  @Test
  void formulaCharactersInsideACellAreLeftAlone() {
    List<String> record =
        onlyRecord(
            export(ExportFormat.CSV, ExportRowBuilder.sample(3).errorMessage("a=b+c-d@e").build()));

    assertThat(record.get(14)).isEqualTo("a=b+c-d@e");
  }

  @Test
  void numbersAreNumbersAndNeverGuarded() {
    // Negative counts do not occur, but if one did it must stay a number, not become text.
    RequestLog row = ExportRowBuilder.sample(1).promptTokens(-5).costUsd("1E-9").build();

    List<String> record = onlyRecord(export(ExportFormat.CSV, row));

    assertThat(record.get(7)).isEqualTo("-5");
    assertThat(record.get(12)).isEqualTo("0.000000001");
  }

  @Test
  void costsArePlainDecimalsNeverExponents() {
    List<String> whole =
        onlyRecord(
            export(ExportFormat.CSV, ExportRowBuilder.sample(1).costUsd("100.000000000").build()));
    List<String> tiny =
        onlyRecord(
            export(ExportFormat.CSV, ExportRowBuilder.sample(1).costUsd("0.000000120").build()));

    assertThat(whole.get(12)).isEqualTo("100");
    assertThat(tiny.get(12)).isEqualTo("0.00000012");
  }

  @Test
  void nullsAreEmptyCells() {
    RequestLog unrouted = ExportRowBuilder.sample(10).userId(null).errorMessage(null).build();

    List<String> record = onlyRecord(export(ExportFormat.CSV, unrouted));

    assertThat(List.of(record.get(2), record.get(5), record.get(6), record.get(14)))
        .containsOnly("");
  }

  @Test
  void cacheStatusIsItsName() {
    RequestLog bypass = ExportRowBuilder.sample(1).cacheStatus(CacheStatus.BYPASS).build();

    assertThat(onlyRecord(export(ExportFormat.CSV, bypass)).get(13)).isEqualTo("BYPASS");
  }

  @Test
  void callsOutOfOrderAreRefused() {
    ExportWriter writer = ExportWriter.of(ExportFormat.CSV, new StringWriter());

    assertThatThrownBy(() -> writer.write(LogRowSamples.log(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(writer::end).isInstanceOf(IllegalStateException.class);
    writer.begin();
    assertThatThrownBy(writer::begin).isInstanceOf(IllegalStateException.class);
    writer.end();
    assertThatThrownBy(() -> writer.write(LogRowSamples.log(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(writer::end).isInstanceOf(IllegalStateException.class);
    assertThat(writer.rows()).isZero();
  }

  @Test
  void aFailingTargetSurfacesAsUncheckedIoException() {
    Writer broken =
        new Writer() {
          @Override
          public void write(char[] chars, int offset, int length) throws IOException {
            throw new IOException("client went away");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };

    try (ExportWriter writer = ExportWriter.of(ExportFormat.CSV, broken)) {
      assertThatThrownBy(writer::begin)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("went away");
    }
  }

  @Test
  void closingLeavesTheTargetOpen() {
    StringWriter out = new StringWriter();
    try (ExportWriter writer = ExportWriter.of(ExportFormat.CSV, out)) {
      writer.begin();
    }
    out.write("still open");

    assertThat(out.toString()).isEqualTo(HEADER + "still open");
  }
}
