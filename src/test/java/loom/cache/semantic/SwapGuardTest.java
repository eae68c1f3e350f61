package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Two parts of one sentence that trade places veto; parts joined by "and", "or", "vs" and rewordings pass. */
class SwapGuardTest {
  private final Guard guard = new SwapGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      Alice owes Bob 20 dollars, who pays the fee? | Bob owes Alice 20 dollars, who pays the fee?
      Map port 8080:80 in docker compose | Map port 80:8080 in docker compose
      We are based in Texas but hire in Ontario; which payroll rules apply? | We are based in Ontario but hire in Texas; which payroll rules apply?
      Can my landlord enter while my guest is there? | Can my guest enter while my landlord is there?
      Is a tomato a fruit or is a cucumber a vegetable? | Is a cucumber a fruit or is a tomato a vegetable?
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
      Compare Rust and Go for web servers | Compare Go and Rust for web servers
      Should I learn Python or Java first? | Should I learn Java or Python first?
      Kotlin vs Scala for Android | Scala vs Kotlin for Android
      How do I rename a branch in git? | In git, how do I rename a branch?
      Alice owes Bob 20 dollars | Alice owes Bob 20 dollars, right?
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
