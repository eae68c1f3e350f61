package loom.alerts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Dollar amounts as people read them in alerts: cents with thousands separators ({@code $2,150.00}), or up
 * to six decimals for amounts below a cent ({@code $0.000118}), which cents would show as nothing.
 */
final class Usd {
  private static final BigDecimal CENT = new BigDecimal("0.01");

  private Usd() {}

  static String format(BigDecimal usd) {
    String sign = usd.signum() < 0 ? "-$" : "$";
    BigDecimal amount = usd.abs();
    if (amount.compareTo(CENT) >= 0 || amount.signum() == 0) {
      return sign + String.format(Locale.ROOT, "%,.2f", amount.setScale(2, RoundingMode.HALF_UP));
    }
    return sign + amount.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
