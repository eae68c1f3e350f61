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

  /** Nano-dollars as USD without trailing zeros: 0.000002468 rather than 0.000002468000, 0 rather than 0E-9. */
  public static BigDecimal plain(long nanos) {
    return plain(fromNanos(nanos));
  }

  /** USD without trailing zeros, never in exponent notation's scale (100, not 1E+2). Write it plainly. */
  public static BigDecimal plain(BigDecimal usd) {
    BigDecimal stripped = usd.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
