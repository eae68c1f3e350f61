package loom.auth;

import java.util.Objects;

/**
 * A key just issued, with its secret: the only time the secret exists outside the client, so it is
 * shown once and then forgotten. {@link #toString()} hides it, so it does not end up in a log.
 */
public record IssuedKey(ApiKey apiKey, String secret) {
  public IssuedKey {
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "IssuedKey[apiKey=" + apiKey + ", secret=***]";
  }
}
