package loom.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids of what the demo answers (responses, their message items, Anthropic messages): 48 hex digits, different
 * for every call even when the request is the same, as a provider's are, because the gateway keys stored responses
 * and their one-time pricing by id. Derived from a salt and a call counter, so a fixed salt makes them
 * reproducible in tests. Thread-safe.
 */
final class DemoIds {
  static final int SALT_BYTES = 16;

  private final byte[] salt;
  private final AtomicLong calls = new AtomicLong();

  DemoIds(byte[] salt) {
    this.salt = salt.clone();
  }

  /** Ids with a random salt: unique across gateway nodes and restarts. */
  static DemoIds random() {
    byte[] salt = new byte[SALT_BYTES];
    new SecureRandom().nextBytes(salt);
    return new DemoIds(salt);
  }

  /** The ids of the next call, one per purpose, in order: SHA-256 over the salt, the call number and the purpose. */
  List<String> next(String... purposes) {
    long call = calls.getAndIncrement();
    List<String> ids = new ArrayList<>(purposes.length);
    for (String purpose : purposes) {
      try {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(salt);
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(call).array());
        sha256.update(purpose.getBytes(StandardCharsets.UTF_8));
        ids.add(HexFormat.of().formatHex(sha256.digest(), 0, 24));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("Every Java runtime has SHA-256", e);
      }
    }
    return ids;
  }
}
