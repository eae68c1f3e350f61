package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Different numbers veto; spelled-out numbers, thousands separators and the interchangeable one pass. */
class NumberGuardTest {
  private final Guard guard = new NumberGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
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
      Is the meetup on the second Tuesday? | Is the meetup on the fourth Tuesday?
      Who won the 3rd race? | Who won the fifth race?
      The twenty-first floor | The 22nd floor
      Book a three-bedroom flat | Book a 2-bedroom flat
      Is a salary of 60k good? | Is a salary of 80,000 good?
      Status of flight BA117 | Status of flight BA118
      Is python3 installed? | Is python 2 installed?
      """)
  void vetoes(String a, String b) {
    assertVetoes(guard, a, b);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
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
      Who won the second round? | Who won round 2?
      The 3rd option | The third option
      Turn on two-factor authentication | Turn on 2-factor authentication
      Is a salary of 60k good? | Is a 60,000 salary good?
      Status of flight BA117 | Status of flight BA 117
      Wait a second | Wait one moment
      Timeout per second | Timeout each second
      Add a third of the sugar | Add a third of the sugar now
      What is the first step? | What should I do first?
      A 50 m2 flat | A 50 square meter flat
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
