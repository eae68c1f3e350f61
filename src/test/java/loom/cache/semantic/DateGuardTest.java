package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Different dates or periods veto; the same date in another format, or no date at all, passes. */
class DateGuardTest {
  private final Guard guard = new DateGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      What's on today | What's on tomorrow
      Sales in March | Sales in April
      Meetings on Monday | Meetings on Tuesday
      Revenue this week | Revenue next week
      Revenue last month | Revenue this month
      Summarize the news from this morning | Summarize the news from last night
      Any incidents this evening? | Any incidents this afternoon?
      Q1 results | Q2 results
      Tax rules for 2024 | Tax rules for 2025
      Invoice of 2025-03-04 | Invoice of 2025-03-05
      Invoice of 3/4/2025 | Invoice of 4/3/2025
      Flight on March 3rd | Flight on March 4th
      Deadline in Jan | Deadline in Feb
      Weather yesterday | Weather today
      Born on May 5 | Born on June 5
      Revenue this year | Revenue
      Fireworks on the fourth of July | Fireworks on the fifth of July
      Is the pool open on Sundays? | Is the pool open on Saturdays?
      Rent is due on the 1st of May | Rent is due on the 1st of June
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
      Invoice of 2025-03-04 | Invoice of March 4th 2025
      Invoice of 3/4/2025 | Invoice of 2025-03-04
      Flight on March 3rd | Flight on 3 March
      Sales in Sep | Sales in September
      Revenue last week | Revenue of the past week
      Revenue next month | Revenue for the coming month
      May I reset my password | Can I reset my password
      How do I reset my password? | how can i reset my password
      What's on today | What is happening today
      Q3 numbers | q3 numbers
      Convert 5 km to miles | how many miles is 5 km
      Cancel my subscription | How do I cancel my subscription?
      Meetings on Friday | Friday meetings
      Is the gym open on Mondays? | Is the gym open on a Monday?
      Flight on the 3rd of March | Flight on March 3
      Flight on March third | Flight on 3 March
      Fireworks on the fourth of July | Fireworks on July 4th
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
