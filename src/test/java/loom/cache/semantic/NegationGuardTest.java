package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exactly one side negated vetoes; contractions, double negatives and paraphrases pass. */
class NegationGuardTest {
  private final Guard guard = new NegationGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      Why is my order shipped? | Why is my order not shipped?
      I can log in | I can't log in
      Is it safe to eat raw eggs | Is it not safe to eat raw eggs
      Does the plan include support | Does the plan include no support
      Coffee with sugar | Coffee without sugar
      I have always used vim | I have never used vim
      Everybody came to the party | Nobody came to the party
      Something happened after the update | Nothing happened after the update
      Do it | Don't do it
      The build works | The build doesn't work
      Both options are valid | Neither option is valid
      He will come | He won't come
      Can I cancel my order | Can I not cancel my order
      The printer is working | The printer isn't working
      How do I keep my screen from locking? | How do I make my screen lock?
      How can I stop my cat from scratching the sofa? | How can I get my cat to scratch the sofa?
      How do I prevent the disk from filling up? | Why is the disk filling up?
      How do I avoid capital gains tax? | How do I pay capital gains tax?
      The app failed to start | The app started
      I am unable to sign in | I am able to sign in
      Why did my phone stop charging? | Why is my phone charging?
      The build doesnt pass | The build passes
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
      I can't log in | I cannot log in
      Can't log in to my account | I cannot log into my account
      Why is my order not shipped | Why hasn't my order shipped
      How do I reset my password? | how can i reset my password
      Cancel my subscription | How do I cancel my subscription?
      It doesn't work | It does not work
      I won't pay | I will not pay
      Neither option works | Neither of the options works
      I don't not like it | I like it
      Is shipping free over $50? | Do orders over $50 ship for free?
      Why is the page not loading | Why isn't the page loading
      Coffee without milk | Coffee with no milk
      There is nothing to do | There isn't anything to do
      Stop the server | How do I stop the server
      How do I keep my screen from locking? | How do I stop my screen from locking?
      How do I prevent my account from being locked? | keep my account from getting locked
      How can I prevent emails from going to spam? | How do I stop emails going to spam?
      The app failed to start | The app did not start
      I am unable to sign in | I can't sign in
      i cant find the settings page | I can't find the settings page.
      The build doesnt pass | The build does not pass
      Keep the lid closed | Keep the lid shut
      Block cookies from this site | Block this site's cookies
      How to stop the running server | How to stop the server that is running
      How do I stop all running containers? | stop every running container
      How do I unsubscribe from your emails? | stop getting marketing emails from you
      Why did my phone stop charging? | Why is my phone not charging?
      How do I opt out of the newsletter? | stop sending me the newsletter
      How do I stop smoking? | How do I quit smoking?
      How do I keep rice from sticking to the pot? | How to stop rice sticking to the pot
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
