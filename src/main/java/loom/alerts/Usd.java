package loom.alerts;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Dollar amounts as people read them in alerts: cents, or more digits for amounts below a cent. */
final class Usd {
  private static final BigDecimal CENT = new BigDecimal("0.01");

  private Usd() {}

  static String format(BigDecimal usd) {
    BigDecimal value = usd.abs().compareTo(CENT) >= 0 || usd.signum() == 0
        ? usd.setScale(2, RoundingMode.HALF_UP)
        : usd.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    return (value.signum() < 0 ? "-$" : "$") + value.abs().toPlainString();
  }
}
