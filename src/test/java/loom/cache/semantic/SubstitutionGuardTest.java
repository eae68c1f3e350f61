package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One content word changed in the same sentence vetoes; function words, typos, inflections and known synonyms pass. */
class SubstitutionGuardTest {
  private final Guard guard = new SubstitutionGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      What documents do I need to lease a car? | What documents do I need to buy a car?
      Which country has the highest tax rate? | Which country has the lowest tax rate?
      List the arguments for nuclear power | List the arguments against nuclear power
      Are seat belts mandatory in taxis in Spain? | Are seat belts optional in taxis in Spain?
      What is the average salary of a nurse in Ohio? | What is the median salary of a nurse in Ohio?
      Delete every user in the sales team | Delete one user in the sales team
      How do I sort a list in ascending order? | How do I sort a list in random order?
      Is breakfast included with the deluxe room? | Is parking included with the deluxe room?
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
      How do I reset my password? | How can I reset my password?
      How do I reset my pasword? | How do I reset my password?
      How do I make a new branch? | How do I create a new branch?
      Where do I find my invoices? | How do I find my invoices?
      Delete all users in the sales team | Delete all user in the sales team
      Show me the invoices for March | Show me the invoices for March please
      What is the refund policy? | What is your refund policy?
      Explain recursion to me | Explain recursion to a child like me simply
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
