package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExportFormatTest {
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "csv, CSV",
    "CSV, CSV",
    "Json, JSON",
    "ndjson, NDJSON",
    "NDJSON, NDJSON",
    "focus, FOCUS",
    "fOcUs, FOCUS"
  })
  void parsesEveryFormatInAnyCase(String value, ExportFormat expected) {
    assertThat(ExportFormat.parse(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}''")
  @NullSource
  @ValueSource(strings = {"xml", "", "csv ", "jsonl", "parquet"})
  void unknownFormatsAreRefusedWithTheAllowedValues(String value) {
    assertThatThrownBy(() -> ExportFormat.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("csv, json, ndjson, focus")
        .hasMessageContaining("'" + value + "'");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "CSV    | text/csv; charset=utf-8 | csv    | loom-logs-2026-03-01.csv",
        "JSON   | application/json        | json   | loom-logs-2026-03-01.json",
        "NDJSON | application/x-ndjson    | ndjson | loom-logs-2026-03-01.ndjson",
        "FOCUS  | text/csv; charset=utf-8 | csv    | loom-focus-2026-03-01.csv"
      })
  void eachFormatKnowsItsMediaTypeExtensionAndFilename(
      ExportFormat format, String contentType, String extension, String filename) {
    assertThat(format.contentType()).isEqualTo(contentType);
    assertThat(format.extension()).isEqualTo(extension);
    assertThat(format.filename(LocalDate.of(2026, 3, 1))).isEqualTo(filename);
  }

  @Test
  void filenameDatesArePaddedIso() {
    assertThat(ExportFormat.CSV.filename(LocalDate.of(987, 1, 2)))
        .isEqualTo("loom-logs-0987-01-02.csv");
  }
}
