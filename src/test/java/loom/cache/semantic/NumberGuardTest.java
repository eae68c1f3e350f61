package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Different numbers veto; spelled-out numbers, thousands separators and the interchangeable one pass. */
class NumberGuardTest {
  private final Guard guard = new NumberGuard();

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      Table for 4 | Table for 6
      Convert 5 km to miles | Convert 6 km to miles
      Install python 3.11 | Install python 3.12
      Upgrade to v1.2.3 | Upgrade to v1.2.4
      Give me 3 examples | Give me five examples
      What is 10% of 200 | What is 20% of 200
      Split 1,000 into two | Split 10,000 into two
      A list of ten items | A list of twenty items
      Is 17 prime | Is 19 prime
      Two thousand dollars | Three thousand dollars
      Buy 5 apples | Buy 5 apples and 2 pears
      Python 3.10 | Python 3.1
      What is 2 plus 2 | What is 2 plus 3
      Does the 2-bedroom apartment allow pets? | Does the 3-bedroom apartment allow pets?
      What's 1/3 as a decimal? | What's 2/3 as a decimal?
      Is a blood pressure of 140/90 high? | Is a blood pressure of 120/80 high?
      How much is a 12-month subscription? | How much is a 24-month subscription?
      """)
  void vetoes(String a, String b) {
    assertVetoes(guard, a, b);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      Convert 5 km to miles | how many miles is 5 km
      Give me 5 examples | Give me five examples
      Split 1,000 into two | Split 1000 into 2
      Twenty-one pilots | 21 pilots
      5 thousand users | 5000 users
      Give me one example | Give me an example
      Which one is better | Which is better
      Is shipping free over $50? | Do orders over $50 ship for free?
      Upgrade to v1.2.3 | Upgrade to version 1.2.3
      Explain git rebase | What does git rebase do?
      What is 50% of 80 | What is 50 percent of 80
      Three hundred and twelve | 312
      Cancel my subscription | How do I cancel my subscription?
      How much is a 12-month subscription? | Price of the 12-month subscription
      Is 140/90 high blood pressure? | Is a blood pressure of 140/90 high?
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
