package loom.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentifierGuardTest {
  private final IdentifierGuard guard = new IdentifierGuard();

  private boolean differs(String a, String b) {
    boolean forward = guard.differs(new Text(a), new Text(b));
    assertThat(guard.differs(new Text(b), new Text(a))).as("symmetric").isEqualTo(forward);
    return forward;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "How do I export my invoices mxcij0k4 as CSV? | How do I export my invoices mxcii9zz as CSV?",
        "What is the status of order A7-22B? | What is the status of order A7-23B?",
        "Is ticket INC0042 resolved? | Is ticket INC0043 resolved?",
        "Roll back to release v2beta1 | Roll back to release v2beta2",
        "Where is parcel 3f2a1b now? | Where is parcel 9e0c7d now?",
        "Reset the router abc123 | Reset the router"
      })
  void anIdentifierMissingOnOneSideVetoes(String a, String b) {
    assertThat(differs(a, b)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Is flight LH454 on time? | Is flight LH 454 on time?",
        "What is the status of order A7-22B? | Status of my order a7-22b please",
        "How do I reset my password? | How can I reset my password?",
        "Is the 3rd of May a holiday? | Is May 3rd a holiday?",
        "Convert 10km to miles | How many miles is 10km?",
        "How do I use COUNT(*) in SQL? | How is COUNT(*) used in SQL?"
      })
  void theSameIdentifiersOrNoneLetThrough(String a, String b) {
    assertThat(differs(a, b)).isFalse();
  }
}
