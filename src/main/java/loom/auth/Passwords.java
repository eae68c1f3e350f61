package loom.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes dashboard passwords with PBKDF2-HMAC-SHA256 from the JDK and checks them in constant time.
 * A hash is stored as {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}, so the
 * iteration count can rise later without breaking stored hashes. Thread-safe.
 */
final class Passwords {
  static final int DEFAULT_ITERATIONS = 600_000;
  static final String SCHEME = "pbkdf2-sha256";
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  // Stored values come from our own store, but a corrupt one must not make a login spin for
  // minutes.
  private static final int MAX_ITERATIONS = 10_000_000;
  private static final int MAX_HASH_BYTES = 64;

  private final int iterations;
  private final SecureRandom random;

  Passwords() {
    this(DEFAULT_ITERATIONS, new SecureRandom());
  }

  /** With fewer iterations for tests, where 600,000 per hash would make every test slow. */
  Passwords(int iterations, SecureRandom random) {
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "iterations must be 1.." + MAX_ITERATIONS + ", got " + iterations);
    }
    this.iterations = iterations;
    this.random = random;
  }

  /** A new salted hash of the password, in the stored format. */
  String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(derive(password, salt, iterations, HASH_BITS));
  }

  /** Whether the password matches the stored hash; false (never an exception) for a malformed stored value. */
  boolean verify(char[] password, String stored) {
    if (password == null || password.length == 0 || stored == null) {
      return false;
    }
    String[] parts = stored.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    try {
      int storedIterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      if (storedIterations < 1
          || storedIterations > MAX_ITERATIONS
          || salt.length == 0
          || expected.length == 0
          || expected.length > MAX_HASH_BYTES) {
        return false;
      }
      byte[] actual = derive(password, salt, storedIterations, expected.length * 8);
      return MessageDigest.isEqual(actual, expected);
    } catch (IllegalArgumentException malformed) {
      // NumberFormatException and bad Base64 both land here.
      return false;
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      // Every Java 17 runtime ships PBKDF2WithHmacSHA256; missing it is a broken JDK, not bad
      // input.
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    } finally {
      spec.clearPassword();
    }
  }
}
