package loom.dashboard;

import java.io.Serializable;
import loom.analytics.PriceService;

/**
 * A line of the Prices page's unpriced models: what ran unpriced, and the small form that prices it (the texts as
 * typed, read by {@link PricesPage#price}). A bean with getters and setters, not a record, because its inputs are
 * written back; names are what clients sent: written as escaped text only.
 */
public final class UnpricedRow implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String providerId;
  private final String model;
  private final String calls;
  private final String inputTokens;
  private final String outputTokens;
  private final String seen;
  private String input;
  private String output;
  private String cacheRead;
  private String cacheWrite;

  UnpricedRow(
      String providerId,
      String model,
      String calls,
      String inputTokens,
      String outputTokens,
      String seen) {
    this.providerId = providerId;
    this.model = model;
    this.calls = calls;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.seen = seen;
  }

  static UnpricedRow of(PriceService.Unpriced unpriced) {
    String first = Formats.utc(unpriced.firstSeen(), "");
    String last = Formats.utc(unpriced.lastSeen(), "");
    return new UnpricedRow(
        unpriced.providerId(),
        unpriced.model(),
        Formats.count(unpriced.calls()),
        Formats.count(unpriced.inputTokens()),
        Formats.count(unpriced.outputTokens()),
        first.equals(last) ? first : first + " – " + last);
  }

  public String getProviderId() {
    return providerId;
  }

  public String getModel() {
    return model;
  }

  public String getCalls() {
    return calls;
  }

  public String getInputTokens() {
    return inputTokens;
  }

  public String getOutputTokens() {
    return outputTokens;
  }

  /** When its first and last unpriced call of the range were made (UTC). */
  public String getSeen() {
    return seen;
  }

  public String getInput() {
    return input;
  }

  public void setInput(String input) {
    this.input = input;
  }

  public String getOutput() {
    return output;
  }

  public void setOutput(String output) {
    this.output = output;
  }

  public String getCacheRead() {
    return cacheRead;
  }

  public void setCacheRead(String cacheRead) {
    this.cacheRead = cacheRead;
  }

  public String getCacheWrite() {
    return cacheWrite;
  }

  public void setCacheWrite(String cacheWrite) {
    this.cacheWrite = cacheWrite;
  }
}
