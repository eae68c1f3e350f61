package loom.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The standard guards together: paraphrases pass every guard, and a veto names the first guard in order. */
class MeaningGuardsTest {
  private final MeaningGuards guards = MeaningGuards.standard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      How do I reset my password? | how can i reset my password
      Convert 5 km to miles | how many miles is 5 km
      What's the capital of Austria? | Tell me Austria's capital
      Explain git rebase | What does git rebase do?
      Can't log in to my account | I cannot log into my account
      Cancel my subscription | How do I cancel my subscription?
      Is shipping free over $50? | Do orders over $50 ship for free?
      Why is my order not shipped | Why hasn't my order shipped
      Give me five examples | Give me 5 examples
      Invoice of 2025-03-04 | Invoice of March 4th 2025
      Invoice of the third of March 2025 | Invoice of 2025-03-03
      Meet on the 2nd Friday of the month | Meet on the second Friday of the month
      Translate thank you into French | How do you say thank you in French
      Turn on dark mode | Switch dark mode on
      """)
  void paraphrasesPass(String query, String cached) {
    assertThat(guards.check(query, cached)).isEqualTo(new Verdict(true, null));
    assertThat(guards.check(cached, query)).isEqualTo(new Verdict(true, null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      How do I reset my password? | Как сбросить мой пароль?              | language
      Translate hello into French | Translate hello into German           | language
      Why is my order shipped | Why is my order not shipped                 | negation
      Turn on dark mode | Turn off dark mode                                 | antonym
      What's on today | What's on tomorrow                                   | date
      Tax rules for 2024 | Tax rules for 2025                                | date
      Convert celsius to fahrenheit | Convert fahrenheit to celsius        | unit
      Convert 5 km to miles | Convert 5 miles to km                         | unit
      Explain git rebase | Explain git merge                                 | code
      Why do I get error 404 | Why do I get error 500                        | code
      Table for 4 | Table for 6                                              | number
      What's the capital of Austria? | What's the capital of Germany?      | entity
      Alice owes Bob 5 dollars | Bob owes Alice 5 dollars                  | order
      How do I create a pull request? | How do I review a pull request?     | action
      Who pays the closing costs? | How much are the closing costs?          | question
      Do not upload it | Download it                                         | negation
      """)
  void vetoesNameTheFirstGuard(String query, String cached, String reason) {
    assertThat(guards.check(query, cached)).isEqualTo(new Verdict(false, reason));
  }

  @Test
  void runsTheGuardsInTheGivenOrder() {
    MeaningGuards numberFirst = new MeaningGuards(List.of(new NumberGuard(), new UnitGuard()));
    MeaningGuards unitFirst = new MeaningGuards(List.of(new UnitGuard(), new NumberGuard()));

    assertThat(numberFirst.check("Run 5 km", "Run 6 miles").reason()).isEqualTo("number");
    assertThat(unitFirst.check("Run 5 km", "Run 6 miles").reason()).isEqualTo("unit");
    assertThat(unitFirst.check("Run 5 km", "Run 6 km").reason()).isEqualTo("number");
    assertThat(unitFirst.check("Run 5 km", "run five kilometers").allowed()).isTrue();
  }

  @Test
  void checksLongTextsInLinearTime() {
    String sentence =
        "How do I give the NYC team admin rights to the 'billing' API from Python, not Java? ";
    String query = sentence.repeat(300);
    String cached = query.replace("NYC", "LA");

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          assertThat(guards.check(query, query).allowed()).isTrue();
          assertThat(guards.check(query, cached).allowed()).isFalse();
        });
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> guards.check(null, "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> guards.check("x", null)).isInstanceOf(NullPointerException.class);
  }
}
