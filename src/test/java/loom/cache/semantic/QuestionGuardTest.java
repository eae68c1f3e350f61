package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Questions of different specific kinds veto; compatible kinds, unspecific ones and clauses pass. */
class QuestionGuardTest {
  private final Guard guard = new QuestionGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      Who pays the transfer tax when selling a house? | How much is the transfer tax when selling a house?
      When will my refund arrive? | Why is my refund late?
      How long does it take to renew a license? | How much does it cost to renew a license?
      Where is the annual meeting held? | When is the annual meeting held?
      Who approves expense reports? | Where do I submit expense reports?
      Why do cats purr? | How often do cats purr?
      Tell me who founded the company | Tell me when the company was founded
      The build fails in CI, why? | The build fails in CI, when?
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
      What is the price of the premium plan? | How much does the premium plan cost?
      Where can I find my invoices? | How do I find my invoices?
      When should I arrive at the airport? | How early should I get to the airport?
      How often should I water a cactus? | When should I water a cactus?
      How many days of leave do I get? | How much leave do I get?
      How much notice do I need to give? | How far in advance do I need to give notice?
      How come my battery drains so fast? | Why does my battery drain so fast?
      What time does the store open? | When does the store open?
      When I log in, why do I see an error? | Why do I get an error when I log in?
      What happens when my card expires? | What happens if my card expires?
      Who wrote Hamlet? | Hamlet's author?
      How long is a marathon in km? | How many km is a marathon?
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
