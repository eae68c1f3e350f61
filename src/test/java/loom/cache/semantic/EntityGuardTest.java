package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Different names, acronyms or quoted strings, or names in swapped roles, veto; case and position do not. */
class EntityGuardTest {
  private final Guard guard = new EntityGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      What's the capital of Austria? | What's the capital of Germany?
      Tell me Austria's capital | What is the capital of Germany
      Pricing of AWS S3 | Pricing of GCS
      Rename the file 'foo' | Rename the file 'bar'
      Print "hello" | Print "goodbye"
      Run `make test` | Run `make build`
      Alice owes Bob 5 dollars | Bob owes Alice 5 dollars
      Flights from Paris to London | Flights from London to Paris
      Paris to London by train | London to Paris by train
      Compare Python vs Java | Compare Java vs Python
      Move funds from Checking to Savings | Move funds from Savings to Checking
      Who founded Microsoft | Who founded Apple
      Email Sarah about the meeting | Email John about the meeting
      Restart the EC2 instance | Restart the RDS instance
      I get 'file not found' when I run it | I get 'file locked' when I run it
      Do Canadians need a visa for Mexico? | Do Mexicans need a visa for Canada?
      Visa rules for Germans visiting Japan | Visa rules for Japanese visiting Germany
      What does the FDA regulate? | What does the Federal Trade Commission regulate?
      Is the UK office open? | Is the office open until kickoff?
      How do I mount my TV on the wall? | How do I mount my PC on the wall?
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
      What's the capital of Austria? | Tell me Austria's capital
      How do I reset my password? | how can i reset my password
      Explain git rebase | What does git rebase do?
      Can't log in to my account | I cannot log into my account
      Cancel my subscription | How do I cancel my subscription?
      Is shipping free over $50? | Do orders over $50 ship for free?
      Convert 5 km to miles | how many miles is 5 km
      Weather in Vienna | what's the weather in vienna
      Austria's capital? | What is the capital of Austria
      Please tell me a joke | Tell me a joke. Please
      Pricing of AWS S3 | How much does aws s3 cost
      Flights from Paris to London | Flights to London from Paris
      Rename the file 'foo' | Rename the file "FOO"
      Why do I get "connection timed out"? | getting connection timed out, why?
      What does `ls -la` do? | what does ls -la do
      How late is Macy's open? | How late is Macys open?
      Do US citizens need a visa for Brazil? | Brazil visa requirements for American citizens
      Do UK citizens need an ESTA? | Do British citizens need an ESTA?
      Income tax rate in Germany | German income tax rate
      Best tacos in NYC | best tacos in New York City
      How do I set up SSO? | How do I set up single sign-on?
      Enable 2FA | Enable two-factor authentication
      Renew my license at the DMV | Renew my license at the Department of Motor Vehicles
      Does the hotel have Wi-Fi? | does the hotel have wifi
      Status of flight LH 454 | Status of flight LH454
      Merge two PDF files | merge two PDFs
      Is 5 GB enough? | Is five gigabytes enough?
      Convert 100 °F to Celsius | Convert 100 Fahrenheit to Celsius
      Factory reset a Windows PC | How do I factory reset my Windows computer?
      Can I show my ID at the gate? | Can I show my identification at the gate?
      Difference between HTTP/1.1 and HTTP/2 | HTTP 1.1 vs HTTP 2
      What is the ETA of my order? | When will my order arrive?
      Meeting at 3 PM EST | meeting at 3pm eastern time
      Where is the HR office? | where is the human resources office
      What is the WHO's definition of health? | How does the World Health Organization define health?
      How much is 1 BTC in USD? | bitcoin price in US dollars
      Upgrade Node.js from 18 to 20 | upgrade node from 18 to 20
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
