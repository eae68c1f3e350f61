package loom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordsTest {
  private final Passwords passwords = new Passwords(1_000, new SecureRandom());

  @Test
  void aHashVerifiesItsPassword() {
    String stored = passwords.hash("s3cret-password".toCharArray());

    assertThat(stored).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(passwords.verify("s3cret-password".toCharArray(), stored)).isTrue();
  }

  @Test
  void aWrongPasswordDoesNotVerify() {
    String stored = passwords.hash("s3cret-password".toCharArray());

    assertThat(passwords.verify("s3cret-passwore".toCharArray(), stored)).isFalse();
    assertThat(passwords.verify("".toCharArray(), stored)).isFalse();
    assertThat(passwords.verify(null, stored)).isFalse();
  }

  @Test
  void twoHashesOfOnePasswordDifferByTheirSalt() {
    String first = passwords.hash("same-password".toCharArray());

    assertThat(passwords.hash("same-password".toCharArray())).isNotEqualTo(first);
  }

  @Test
  void theDefaultIsSixHundredThousandIterationsAndOtherCountsStillVerify() {
    String stored = new Passwords().hash("default-cost".toCharArray());

    assertThat(stored).startsWith("pbkdf2-sha256$600000$");
    assertThat(passwords.verify("default-cost".toCharArray(), stored)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "$$$",
        "pbkdf2-sha256$",
        "pbkdf2-sha256$1000$c2FsdA$",
        "bcrypt$1000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
        "pbkdf2-sha256$lots$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
        "pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
        "pbkdf2-sha256$-5$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
        "pbkdf2-sha256$99999999999$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
        "pbkdf2-sha256$1000$not base64!$aGFzaA",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA$extra"
      })
  void aMalformedStoredHashDoesNotVerifyAndDoesNotThrow(String stored) {
    assertThat(passwords.verify("any-password".toCharArray(), stored)).isFalse();
  }

  @Test
  void aMissingStoredHashDoesNotVerify() {
    assertThat(passwords.verify("any-password".toCharArray(), null)).isFalse();
  }
}
