package loom.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import loom.auth.Caller;
import loom.support.FieldError;
import loom.support.InvalidInputException;

/**
 * A run-time price as an admin asks for it, not checked yet: {@link #check} turns it into a {@link PriceOverride}
 * or refuses it field by field, with the REST API's field names, so the API and the dashboard give the same
 * reasons.
 *
 * @param effectiveFrom null: every call
 * @param cacheRead null: cached prompt tokens cost the input price; {@code cacheWrite} likewise
 */
public record PriceChange(
    String providerId,
    String model,
    Instant effectiveFrom,
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheRead,
    BigDecimal cacheWrite) {
  /** The highest price per 1M tokens taken: far above any real one, far below what overflows a stored cost. */
  public static final BigDecimal MAX_PRICE = new BigDecimal("1000000");

  /** The longest model name taken. */
  public static final int MAX_MODEL_LENGTH = 256;

  /**
   * The price this asks for, set by {@code caller} at {@code now}.
   *
   * @param providers the configured providers' ids, one of which the price must be for
   * @throws InvalidInputException naming every field that breaks a rule
   */
  PriceOverride check(Collection<String> providers, Caller caller, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    checkProvider(providerId, providers, errors);
    checkModel(model, errors);
    if (effectiveFrom != null && effectiveFrom.toEpochMilli() <= 0) {
      errors.add(
          new FieldError(
              "effective_from",
              "must be after 1970-01-01T00:00:00Z (leave it out for a price of "
                  + "every call); got "
                  + effectiveFrom));
    }
    checkPrice("input", input, true, errors);
    checkPrice("output", output, true, errors);
    checkPrice("cache_read", cacheRead, false, errors);
    checkPrice("cache_write", cacheWrite, false, errors);
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new PriceOverride(
        providerId,
        model,
        effectiveFrom,
        input,
        output,
        cacheRead,
        cacheWrite,
        caller.userId(),
        caller.userName(),
        now);
  }

  /** Adds the error of a provider id that is missing or not one of {@code providers}. */
  static void checkProvider(
      String providerId, Collection<String> providers, List<FieldError> errors) {
    if (providerId == null || providerId.isBlank()) {
      errors.add(new FieldError("provider_id", "is required: the id of a configured provider"));
    } else if (!providers.contains(providerId)) {
      errors.add(
          new FieldError(
              "provider_id",
              "must be the id of a configured provider ("
                  + providers.stream().sorted().collect(Collectors.joining(", "))
                  + "); got '"
                  + providerId
                  + "'"));
    }
  }

  /** Adds the error of a model name that is missing, too long or has spaces around it or control characters. */
  static void checkModel(String model, List<FieldError> errors) {
    if (model == null || model.isBlank()) {
      errors.add(new FieldError("model", "is required: the model name as the provider is sent it"));
    } else if (model.length() > MAX_MODEL_LENGTH) {
      errors.add(
          new FieldError(
              "model",
              "must be at most " + MAX_MODEL_LENGTH + " characters; got " + model.length()));
    } else if (!model.strip().equals(model) || model.chars().anyMatch(Character::isISOControl)) {
      errors.add(
          new FieldError("model", "must have no spaces around it and no control characters"));
    }
  }

  private static void checkPrice(
      String field, BigDecimal price, boolean required, List<FieldError> errors) {
    if (price == null) {
      if (required) {
        errors.add(new FieldError(field, "is required: USD per 1M tokens, e.g. 2.5"));
      }
      return;
    }
    if (price.signum() < 0 || price.compareTo(MAX_PRICE) > 0) {
      errors.add(
          new FieldError(
              field,
              "must be USD per 1M tokens from 0 to "
                  + MAX_PRICE.toPlainString()
                  + "; got "
                  + price.toPlainString()));
    } else if (price.stripTrailingZeros().scale() > Money.SCALE) {
      errors.add(
          new FieldError(
              field,
              "must have at most "
                  + Money.SCALE
                  + " decimal places (prices are kept in "
                  + "nano-dollars); got "
                  + price.toPlainString()));
    }
  }
}
