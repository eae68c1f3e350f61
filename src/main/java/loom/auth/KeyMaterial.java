package loom.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import loom.config.AuthConfig;

/**
 * Makes the random things of identity: API keys ({@code lk-} + 43 url-safe characters), ids
 * ({@code usr_…}, {@code key_…}, {@code team_…}) and generated passwords; and derives what is stored of a key (its
 * SHA-256) and shown of it (its prefix). Thread-safe when its random source is (SecureRandom is).
 */
final class KeyMaterial {
  static final String KEY_PREFIX = AuthConfig.KEY_PREFIX;
  static final int KEY_RANDOM_BYTES = 32;
  static final int DISPLAY_PREFIX_LENGTH = 11;
  static final int ID_RANDOM_CHARS = 20;
  static final int GENERATED_PASSWORD_LENGTH = 20;
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final char[] URL_SAFE =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  private final Random random;

  KeyMaterial() {
    this(new SecureRandom());
  }

  /** With a given random source: tests pass a seeded one to get the same ids every run. */
  KeyMaterial(Random random) {
    this.random = random;
  }

  /** A new API key: {@code lk-} followed by base64url (no padding) of 32 random bytes. */
  String newKey() {
    byte[] bytes = new byte[KEY_RANDOM_BYTES];
    random.nextBytes(bytes);
    return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  String newUserId() {
    return "usr_" + randomChars(BASE32, ID_RANDOM_CHARS);
  }

  String newKeyId() {
    return "key_" + randomChars(BASE32, ID_RANDOM_CHARS);
  }

  String newTeamId() {
    return "team_" + randomChars(BASE32, ID_RANDOM_CHARS);
  }

  /** A password for the bootstrap admin when none is configured: 20 url-safe characters (120 bits). */
  char[] newPassword() {
    char[] password = new char[GENERATED_PASSWORD_LENGTH];
    for (int i = 0; i < password.length; i++) {
      password[i] = URL_SAFE[random.nextInt(URL_SAFE.length)];
    }
    return password;
  }

  /** What the store keeps of a key: the lowercase hex SHA-256 of the whole key, prefix included. */
  static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** What is shown of a key so people can tell keys apart: its first 11 characters, e.g. {@code lk-AbCdEfGh}. */
  static String displayPrefix(String key) {
    return key.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, key.length()));
  }

  private String randomChars(char[] alphabet, int length) {
    StringBuilder chars = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      chars.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return chars.toString();
  }
}
