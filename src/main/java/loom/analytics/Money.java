package loom.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Costs are exact {@link BigDecimal} USD in code and whole nano-dollars (10^-9 USD) in the store, so
 * that sums over millions of tiny requests are exact integer sums on SQLite and PostgreSQL alike.
 */
public final class Money {
  /** Digits after the decimal point that a stored cost keeps. */
  public static final int SCALE = 9;

  private Money() {}

  public static long toNanos(BigDecimal usd) {
    return usd.setScale(SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
  }

  public static BigDecimal fromNanos(long nanos) {
    return BigDecimal.valueOf(nanos, SCALE);
  }
}
