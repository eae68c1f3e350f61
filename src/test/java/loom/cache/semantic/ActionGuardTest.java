package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Requests for actions with no class in common veto; synonyms, light verbs and descriptions pass. */
class ActionGuardTest {
  private final Guard guard = new ActionGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      How do I create a merge request in GitLab? | How do I approve a merge request in GitLab?
      How do I set up a conda environment? | How do I activate a conda environment?
      How do I install Node on macOS? | How do I upgrade Node on macOS?
      How do I cancel my streaming plan? | How do I pause my streaming plan?
      How do I create a Jira ticket? | How do I close a Jira ticket?
      How do I export my bookmarks? | How do I sort my bookmarks?
      How long should I bake salmon? | How long should I grill salmon?
      Translate this document | Summarize this document
      Steps to book a hotel room | Steps to cancel a hotel room
      Creating a tag in git | Deleting a tag in git
      How do I turn the heating on? | How do I book a heating engineer?
      How do I password-protect a PDF? | How do I remove the password from a PDF?
      How do I expand a collapsed row in the table? | How do I collapse a row in the table?
      How to tighten a loose hinge | How to loosen a tight hinge
      Can you review my cover letter? | Can you write my cover letter?
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
      How do I make a new branch? | How do I create a new branch?
      How do I delete my account? | How do I close my account?
      How can I get rid of old files? | How do I remove old files?
      How do I set up a VPN? | How do I configure a VPN?
      How do I update the app? | How do I upgrade the app?
      How do I update my drivers? | How do I install the latest drivers?
      How do I schedule a backup to run nightly? | Run a backup every night on a schedule
      I want to order a new card to replace my old one | How do I get a replacement card?
      The app crashes when I open it | How do I fix the app crashing?
      Explain how to create a branch | How do I create a branch?
      How do I turn on notifications? | How do I enable notifications?
      Turn on dark mode | Switch dark mode on
      How do I set the printer up? | How do I configure the printer?
      How do I change my payment method? | Switch the payment method on my account
      How do I restart my router? | How do I reset my router?
      How do I reserve a table? | How do I book a table?
      What is a pull request? | How do I review a pull request?
      How do I make my profile private? | How can I set my profile to private?
      Rather than cancelling, can I put my plan on hold? | Can I pause my plan instead of cancelling it?
      How do I password-protect a PDF? | How do I add a password to a PDF?
      How do I raise a support ticket? | Open a ticket with support
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
