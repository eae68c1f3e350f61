package loom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {
  private final KeyMaterial material = new KeyMaterial();

  @Test
  void aKeyIsLkAndBase64UrlOfThirtyTwoRandomBytes() {
    String key = material.newKey();

    assertThat(key).matches("lk-[A-Za-z0-9_-]{43}").hasSize(46);
    assertThat(material.newKey()).isNotEqualTo(key);
  }

  @Test
  void theStoredHashIsLowercaseHexSha256OfTheWholeKey() {
    // SHA-256("abc"), the FIPS 180-2 test vector.
    assertThat(KeyMaterial.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void theDisplayPrefixIsTheFirstElevenCharacters() {
    assertThat(KeyMaterial.displayPrefix("lk-AbCdEfGhIjKlMn")).isEqualTo("lk-AbCdEfGh");
    assertThat(KeyMaterial.displayPrefix("lk-short")).isEqualTo("lk-short");
  }

  @Test
  void idsAreTypedAndTwentyBase32Characters() {
    assertThat(material.newUserId()).matches("usr_[a-z2-7]{20}");
    assertThat(material.newKeyId()).matches("key_[a-z2-7]{20}");
    assertThat(IntStream.range(0, 1000).mapToObj(i -> material.newKeyId()).distinct())
        .hasSize(1000);
  }

  @Test
  void generatedPasswordsAreTwentyUrlSafeCharacters() {
    assertThat(new String(material.newPassword())).matches("[A-Za-z0-9_-]{20}");
  }
}
