package loom.support;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * US dollars as people read them, the same in alerts (e-mail, webhook, chat), budget messages and the
 * dashboard. From one dollar up: cents with thousands separators ({@code $2,150.00}). Below a dollar: up to four
 * decimals ({@code $0.1234}, {@code $0.50}); below a cent, where a request's cost usually lies, up to six
 * ({@code $0.001235}); and below $0.000001 two significant digits ({@code $0.0000001}), so an amount that is not zero
 * never reads as zero. These are the dashboard's long-standing digits; alerts now use them too.
 * Zero is {@code $0.00}; a negative amount keeps its sign ({@code -$0.0012}). Rounding is half up.
 */
public final class Usd {
  private static final BigDecimal CENT = new BigDecimal("0.01");
  private static final BigDecimal SMALLEST_DECIMAL = new BigDecimal("0.000001");
  private static final int DECIMALS_BELOW_A_DOLLAR = 4;
  private static final int DECIMALS_BELOW_A_CENT = 6;
  private static final MathContext TINY_AMOUNT_DIGITS = new MathContext(2, RoundingMode.HALF_UP);

  private Usd() {}

  /** The amount as text, e.g. {@code $1,234.50}, {@code $0.1235}, {@code $0.001235}, {@code $0.0000001} or {@code -$2.50}. */
  public static String format(BigDecimal usd) {
    BigDecimal amount = usd.abs();
    String sign = usd.signum() < 0 ? "-$" : "$";
    if (amount.compareTo(BigDecimal.ONE) >= 0) {
      return sign + String.format(Locale.US, "%,.2f", amount.setScale(2, RoundingMode.HALF_UP));
    }
    BigDecimal rounded =
        amount.compareTo(CENT) >= 0
            ? amount.setScale(DECIMALS_BELOW_A_DOLLAR, RoundingMode.HALF_UP)
            : amount.compareTo(SMALLEST_DECIMAL) >= 0
                ? amount.setScale(DECIMALS_BELOW_A_CENT, RoundingMode.HALF_UP)
                : amount.round(TINY_AMOUNT_DIGITS);
    // At least cents ($0.50, not $0.5); trailing zeros beyond them say nothing.
    BigDecimal shown = rounded.stripTrailingZeros();
    if (shown.scale() < 2) {
      shown = shown.setScale(2);
    }
    return sign + shown.toPlainString();
  }
}
