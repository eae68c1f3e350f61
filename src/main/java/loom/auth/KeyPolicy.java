package loom.auth;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What an API key may do beyond its user's rights, each part optional: the models it may call, when it stops
 * working, and the tags its calls carry unless they name their own. Budgets of a key are alert settings of scope
 * {@code key:<id>}, not part of the policy.
 *
 * @param allowedModels the models the key may call, each a model name ({@code gpt-4o}) or provider and name
 *     ({@code openai/gpt-4o}); empty: any model
 * @param expiresAt when the key stops working; null: never
 * @param defaultTags the tags of the key's calls ({@code env:prod}, {@code billing}); empty: none
 */
public record KeyPolicy(List<String> allowedModels, Instant expiresAt, List<String> defaultTags)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A key without any policy. */
  public static final KeyPolicy NONE = new KeyPolicy(List.of(), null, List.of());

  public KeyPolicy {
    allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
    defaultTags = defaultTags == null ? List.of() : List.copyOf(defaultTags);
  }

  /** Whether the key has expired at {@code now}. */
  public boolean isExpired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
