package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The same words in another order around to, from, into, than or vs veto; a reworded or undirected text passes. */
class DirectionGuardTest {
  private final Guard guard = new DirectionGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      Transfer money from checking to savings | Transfer money from savings to checking
      Copy files from the server to my laptop | Copy files from my laptop to the server
      Is Delta better than United for long flights? | Is United better than Delta for long flights?
      Sort prices from low to high | Sort prices from high to low
      How do I merge the feature branch into main? | How do I merge main into the feature branch?
      Is Heathrow closer to central London than Gatwick? | Is Gatwick closer to central London than Heathrow?
      Who reports to Priya? | Who does Priya report to?
      Is 2 BTC worth more than 30 ETH? | Is 2 ETH worth more than 30 BTC?
      Convert USD to EUR | Convert EUR to USD
      Python vs Java for data science | Java vs Python for data science
      Flights from Paris to Rome | Flights from Rome to Paris
      Migrate from MySQL to Postgres | Migrate from Postgres to MySQL
      Flights from Boston to Denver | Denver to Boston flights
      Translate this from English into German | Translate this from German into English
      Convert minutes per km to minutes per mile | Convert minutes per mile to minutes per km
      Move photos to my SD card | Move photos from my SD card
      Cheap flights to Tokyo | Cheap flights from Tokyo
      The dog bit the man | The man bit the dog
      Does Google own YouTube? | Does YouTube own Google?
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
      Transfer money from checking to savings | Move money from checking to savings
      What's the capital of Austria? | Tell me Austria's capital
      Convert 5 km to miles | How many miles is 5 km?
      How do I add a user to my team? | How can I add a user to my team
      Flights from Paris to Rome | Cheap flights from Paris to Rome
      The landlord sued the tenant | The tenant was sued by the landlord
      Reset my password | My password, how do I reset it
      Copy the file to the server | Copy the file to a server
      Is Delta better than United? | Delta or United, which is better?
      How do I connect to the VPN? | Connecting to the VPN
      Switch from monthly to yearly billing | Change from monthly to yearly billing
      Send the invoice to the customer | Send the customer the invoice
      Flights from Chicago to Miami | Chicago to Miami flights
      How do I move money to savings from checking? | move money from checking to savings
      What's the exchange rate from USD to EUR? | USD to EUR exchange rate
      Error: cannot import name 'x' from 'y', how do I fix it? | fix error cannot import name x from y
      Can I travel to Canada without a passport? | Is a passport not required to travel to Canada?
      Upgrade from Basic to Pro | Upgrade to Pro from Basic
      How do I appeal a denied claim? | My claim was denied, how do I appeal?
      Why can't I connect to the VPN? | VPN won't connect, why?
      Login error on my phone | Error login on my phone
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
