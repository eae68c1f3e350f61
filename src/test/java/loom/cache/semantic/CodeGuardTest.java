package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Different code tokens, languages, tools, git subcommands or HTTP statuses veto; the same ones reworded pass. */
class CodeGuardTest {
  private final Guard guard = new CodeGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      Sort a list in python | Sort a list in java
      Explain git rebase | Explain git merge
      What does git pull do | What does git push do
      Rename user_id | Rename user_name
      Where is userId set | Where is userName set
      How to use os.path.join | How to use os.path.split
      What does --force do | What does --dry-run do
      Read /etc/hosts | Read /etc/passwd
      Learn Go quickly | Learn Rust quickly
      Connect to postgres | Connect to mysql
      Why do I get HTTP 404 | Why do I get HTTP 500
      Call std::move | Call std::forward
      Deploy with docker | Deploy with kubernetes
      Undo in git stash | Undo in git reset
      What does git stash drop do? | What does git stash apply do?
      What does kubectl get do? | What does kubectl describe do?
      docker compose build | docker compose pull
      Should I use npm ci in CI? | Should I use npm install in CI?
      Difference between != and !== in JavaScript | Difference between == and === in JavaScript
      What does x := 5 mean in Go? | What does x = 5 mean in Go?
      Export the report as JSON | Export the report as YAML
      Convert a PDF to a spreadsheet | Convert a PDF to Excel
      Install nginx on ubuntu | Install nginx on debian
      How do I write a for loop in Ruby? | How do I write a while loop in Ruby?
      When do I use the finally block in Java? | When do I use the catch block in Java?
      In JavaScript, when should I use const? | In JavaScript, when should I use var?
      How do I declare an int in C++? | How do I declare a float in C++?
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
      Explain git rebase | What does git rebase do?
      How do I reset my password? | how can i reset my password
      Sort a list in python | How do I sort a Python list
      Connect to postgresql | Connect to postgres
      Learn golang | Learn go
      Where do I go from here | Where should I go next
      Can't log in to my account | I cannot log into my account
      Is shipping free over $50? | Do orders over $50 ship for free?
      Use k8s for deploys | Use kubernetes for deploys
      What does user_id mean | Explain user_id
      Why did node.js crash | Node.js crashed, why
      Install it via npm | npm install it
      Cancel my subscription | How do I cancel my subscription?
      Write e.g. a test | Write a test, i.e. a unit test
      Why is my git branch behind? | Why is my branch behind in git?
      Read an Excel sheet into a DataFrame | load an excel sheet into a dataframe
      What is 6 times 7? | 6 x 7 = ?
      Set x = 5 in the config | set x=5 in the config
      Go to Settings -> Privacy | Open Settings > Privacy
      How do I combine two PDF files? | merge two PDFs into one
      What does git stash pop do? | Explain git stash pop
      Export the report as yml | Export the report as YAML
      How do I sort a dict by value in Python? | python: sort a dictionary by value
      Why do I get a null reference exception in C#? | What causes a NullReferenceException in C#?
      Convert a str to an int in Python | Convert a string to an integer in Python
      An infinite loop in Bash | A loop that never ends in Bash
      How long does cold brew keep? | How long does cold brew last?
      Flight AA 100 status | status of flight AA100
      Why does Node.js crash? | why does node crash
      How do I change my McDonald's password? | reset the mcdonalds password
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
