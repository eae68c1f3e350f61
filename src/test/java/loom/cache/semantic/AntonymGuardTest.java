package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Opposites on the two sides veto, inflections included; a text with both, or neither, passes. */
class AntonymGuardTest {
  private final Guard guard = new AntonymGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      Turn on dark mode | Turn off dark mode
      How do I enable 2FA | How do I disable 2FA
      Enabling notifications | Disabled notifications
      Increase the font size | Decrease the font size
      Upload a file to Drive | Download a file from Drive
      Import contacts from CSV | Export contacts to CSV
      Encrypt a file with gpg | Decrypt a file with gpg
      Add a user to the group | Remove a user from the group
      How to start the server | How to stop the server
      Open the port | Close the port
      Can't log in to my account | Can't log out of my account
      Sort ascending by date | Sort descending by date
      Show the toolbar | Hide the toolbar
      Install docker | Uninstall docker
      Find the cheapest flight | Find the most expensive flight
      Buy bitcoin | Sell bitcoin
      Stopping the service | Starting the service
      How do I allow cookies in Chrome? | How do I block cookies in Chrome?
      How do I zoom in on the map? | How do I zoom out on the map?
      Scroll to the top of the page | Scroll to the bottom of the page
      Schedule the meeting for 9am | Schedule the meeting for 9pm
      Is the report deadline this Friday? | Is the report deadline next Friday?
      Show me vegetarian recipes | Show me non-vegetarian recipes
      Is overtime paid? | Is overtime unpaid?
      Are refunds possible for digital products? | Are refunds impossible for digital products?
      How do I give a user edit access? | How do I take edit access away from a user?
      Grant read access to the bucket | Revoke read access to the bucket
      Accept the friend request | Decline the friend request
      Pros of electric cars | Cons of electric cars
      Benefits of intermittent fasting | Drawbacks of intermittent fasting
      How do I upgrade my plan? | How do I downgrade my plan?
      Why was I overcharged? | Why was I undercharged?
      Symptoms of hyperthyroidism | Symptoms of hypothyroidism
      Pre-tax contributions | Post-tax contributions
      Inbound shipping costs | Outbound shipping costs
      How do I unpin a chat? | How do I pin a chat?
      How do I sign up? | How do I log in?
      How do I attach a disk to a VM? | How do I detach a disk from a VM?
      Convert the text to uppercase | Convert the text to lowercase
      Insert into a min-heap | Insert into a max-heap
      Switch to light mode | Switch to dark mode
      How do I create a tag? | How do I delete a tag?
      Why did the stock price rise? | Why did the stock price fall?
      How do I borrow an e-book? | How do I return an e-book?
      Is the fee waived if I cancel within 14 days? | Is the fee waived if I cancel after 14 days?
      How do I gain weight safely? | How do I lose weight safely?
      Leave the lights on | Leave the lights off
      Is the heating on? | Is the heating off?
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
      How do I reset my password? | how can i reset my password
      Turn on dark mode | Switch dark mode on
      Enable dark mode | How do I enable dark mode?
      Can't log in to my account | I cannot log into my account
      Explain git rebase | What does git rebase do?
      Cancel my subscription | How do I cancel my subscription?
      Turn the light on and off | Switch the light off and on
      Should I buy or sell | Sell or buy?
      Is shipping free over $50? | Do orders over $50 ship for free?
      Logging in fails | Login fails
      What's the capital of Austria? | Tell me Austria's capital
      Convert 5 km to miles | how many miles is 5 km
      Start the server | Starting the server
      Pros and cons of renting | Advantages and disadvantages of renting
      How do I give a teammate access? | How do I grant a teammate access?
      How do I sign up for the newsletter? | How do I subscribe to the newsletter?
      How do I upgrade to the Pro plan? | upgrade my plan to Pro
      How long does it take to ship? | How long until it ships?
      How do I take my name off the list? | How do I get my name off the list?
      Undo the last change | Revert the last change
      Move files from my old laptop to the new one | Transfer files from an old laptop to a new laptop
      How do I disable IPv6 on Windows 11? | turn off ipv6 in windows 11
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
