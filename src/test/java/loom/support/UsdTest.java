package loom.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsdTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      # From a dollar up: cents, thousands grouped, half up
      1234.5         | $1,234.50
      2150           | $2,150.00
      1234567.891    | $1,234,567.89
      1              | $1.00
      12.345         | $12.35
      0.999996       | $1.00
      # Below a dollar: up to four decimals, at least cents
      0.25           | $0.25
      0.5            | $0.50
      0.1234         | $0.1234
      0.123456       | $0.1235
      0.12           | $0.12
      0.01           | $0.01
      # Below a cent: up to six decimals
      0.001          | $0.001
      0.00285        | $0.00285
      0.001235       | $0.001235
      0.000305       | $0.000305
      0.0001         | $0.0001
      0.000012345    | $0.000012
      0.00009999     | $0.0001
      # Below $0.000001: two significant digits, never nothing
      0.0000001      | $0.0000001
      0.0000000029   | $0.0000000029
      0.00000012345  | $0.00000012
      # Zero and negative amounts
      0              | $0.00
      0.000000000    | $0.00
      -2.5           | -$2.50
      -0.0012        | -$0.0012
      -0.0000001     | -$0.0000001
      -1234.5        | -$1,234.50
      """)
  void formatsEveryAmountByOneRule(String amount, String expected) {
    assertThat(Usd.format(new BigDecimal(amount))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0.0000001", "0.00000000001", "0.00004", "-0.00000003"})
  void anAmountThatIsNotZeroNeverReadsAsZero(String amount) {
    assertThat(Usd.format(new BigDecimal(amount))).doesNotMatch("-?\\$0\\.?0*").doesNotEndWith(".");
  }
}
