package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Different units or currencies, or opposite conversions, veto; synonyms and reworded conversions pass. */
class UnitGuardTest {
  private final Guard guard = new UnitGuard();

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      Convert 5 km to miles | Convert 5 km to feet
      Convert celsius to fahrenheit | Convert fahrenheit to celsius
      How many miles is 5 km | Convert 5 miles to km
      Price in $ | Price in €
      Is shipping free over $50? | Is shipping free over £50?
      10 kg in pounds | 10 pounds in kg
      How much is 100 usd in eur | How much is 100 eur in usd
      A 5 GB plan | A 5 TB plan
      Timeout of 30 ms | Timeout of 30 seconds
      Run 10 km | Run 10 mi
      30 °C in fahrenheit | 30 °F in celsius
      Drink 2 liters a day | Drink 2 gallons a day
      Speed of 60 mph | Speed of 60 kph
      My salary is 60k per year | My salary is 60k per month
      Rate limit of 100 requests per second | Rate limit of 100 requests per minute
      Charge 20 dollars per hour | Charge 20 dollars per day
      """)
  void vetoes(String a, String b) {
    assertVetoes(guard, a, b);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      Convert 5 km to miles | how many miles is 5 km
      Is shipping free over $50? | Do orders over $50 ship for free?
      Convert 5 kilometers to mi | Convert 5 km to miles
      10 kg in pounds | How many lbs are 10 kilograms
      Convert 30 °C to fahrenheit | 30 celsius in fahrenheit
      Find hotels in Paris | Hotels in Paris please
      How do I reset my password? | how can i reset my password
      A 5GB plan | A 5 gigabyte plan
      Cost in USD | Cost in dollars
      Wait 5 min | Wait 5 minutes
      Sales in March | Sales in march
      The second option | The 2nd option
      100 usd to eur | What is 100 dollars in euros
      Rate limit of 100 requests per second | What is a limit of 100 requests per second?
      How many days are in a year? | How many days does a year have?
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
