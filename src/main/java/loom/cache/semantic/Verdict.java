package loom.cache.semantic;

/**
 * Whether a semantic-cache candidate may be served for a query.
 *
 * @param allowed true when no guard found a meaning-changing difference
 * @param reason the name of the first guard that vetoed ({@code negation}, {@code number}, …), or null when allowed
 */
public record Verdict(boolean allowed, String reason) {
  private static final Verdict ALLOWED = new Verdict(true, null);

  static Verdict allow() {
    return ALLOWED;
  }

  static Verdict veto(String reason) {
    return new Verdict(false, reason);
  }
}
