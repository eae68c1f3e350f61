package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Different units or currencies, or opposite conversions, veto; synonyms and reworded conversions pass. */
class UnitGuardTest {
  private final Guard guard = new UnitGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
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
      How many square yards is 20 square meters? | How many square meters is 20 square yards?
      Fill a 2 cubic meter tank | Fill a 2 square meter tank
      Convert 40 Gbps to GB/s | Convert 40 GB/s to Gbps
      Convert 60 mph to km/h | Convert 60 km/h to mph
      mph to km/h | km/h to mph
      Take 500 mcg of B12 | Take 500 mg of B12
      Take 400 IU of vitamin D | Take 400 mcg of vitamin D
      $40 an hour is how much a week? | $40 an hour is how much a year?
      Drink 8 glasses of water a day | Drink 8 glasses of water a week
      Add 3 teaspoons of sugar | Add 3 tablespoons of sugar
      Sail 3 nautical miles | Sail 3 miles
      Is 1,000 kcal a lot? | Is 1,000 kJ a lot?
      How many grams in an ounce? | How many ounces in a gram?
      Convert 12 in to cm | Convert 12 cm to in
      A pace of 6 minutes per km in minutes per mile | A pace of 6 minutes per mile in minutes per km
      Convert 100 US dollars to euros | Convert 100 Canadian dollars to euros
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
      What is the speed of sound in m/s? | Speed of sound in meters per second
      Dose of 15 mg/kg for a child | Dose of 15 mg per kg for a child
      Is 1 Gbps fast? | Is one gigabit per second fast?
      What's the hourly rate? | How much is it per hour?
      What is the annual fee for the card? | How much is the card per year?
      Maximum daily intake of vitamin C | How much vitamin C at most per day?
      Pause the plan for a month | Pause the plan for one month
      How many square feet in 10 square meters? | Convert 10 sq m to sq ft
      Convert 100 km/h to mph | What is 100 kilometres per hour in miles per hour?
      I earn $20/hr, what is that per year? | $20 an hour is how much annually?
      Charge 20 dollars per hour | Charge $20 an hour
      Is COUNT(1) in MySQL slow? | Is COUNT(1) slow in MySQL?
      Games for a 6 year old | Games for a six-year-old
      How many cm is 12 in? | How many centimeters are 12 inches?
      How many cups in a liter? | How many cups are in one liter?
      Can I cancel an order I placed? | Can I cancel an order I placed a minute ago?
      Convert 100 US dollars to euros | Convert $100 to EUR
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
