package loom.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import loom.analytics.Price;
import loom.analytics.PriceTable;
import loom.auth.ApiKey;
import loom.auth.Caller;
import loom.auth.IssuedKey;
import loom.auth.User;
import loom.proxy.ProviderDescription;
import loom.support.InvalidInputException;

/**
 * The JSON shapes of {@code /api/v1} (API.md), kept apart from the stored rows so the schema can
 * change without breaking clients. Each answer record converts with a static {@code from(...)}.
 */
final class Dtos {
  private Dtos() {}

  /** A request body that must be there: JAX-RS hands over null for an empty one. */
  static <T> T required(T body) {
    if (body == null) {
      throw InvalidInputException.of("body", "a JSON object is required");
    }
    return body;
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MeView(String id, String name, String role) {
    static MeView from(Caller caller) {
      return new MeView(caller.userId(), caller.userName(), caller.role().id());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UserView(String id, String name, String role, Instant createdAt) {
    static UserView from(User user) {
      return new UserView(user.id(), user.name(), user.role().id(), user.createdAt());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UserList(List<UserView> users, long total, int limit, int offset) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CreateUserRequest(String name, String role, String password) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UpdateUserRequest(String name, String role, String password) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record KeyView(String id, String name, String userId, String prefix, Instant createdAt, Instant lastUsedAt,
                 boolean revoked) {
    static KeyView from(ApiKey key) {
      return new KeyView(key.id(), key.name(), key.userId(), key.prefix(), key.createdAt(), key.lastUsedAt(),
          key.isRevoked());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record KeyList(List<KeyView> keys, long total, int limit, int offset) {}

  /** The answer to creating a key: the only time its secret is shown. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record IssuedKeyView(String id, String name, String userId, String key, Instant createdAt) {
    static IssuedKeyView from(IssuedKey issued) {
      ApiKey key = issued.apiKey();
      return new IssuedKeyView(key.id(), key.name(), key.userId(), issued.secret(), key.createdAt());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CreateKeyRequest(String name, String userId) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ProviderView(String id, String type, List<String> models, @JsonProperty("default") boolean isDefault,
                      List<PriceView> prices, List<String> unpricedModels) {
    /** The provider with the price of each model it lists; models the price table lacks are listed as unpriced. */
    static ProviderView from(ProviderDescription provider, PriceTable table) {
      List<PriceView> prices = new ArrayList<>();
      List<String> unpriced = new ArrayList<>();
      for (String model : provider.models()) {
        Optional<Price> price = table.find(provider.id(), model);
        if (price.isPresent()) {
          prices.add(new PriceView(model, price.get().input(), price.get().output(), price.get().cachedInputOrInput()));
        } else {
          unpriced.add(model);
        }
      }
      return new ProviderView(provider.id(), provider.type(), provider.models(), provider.isDefault(), prices, unpriced);
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ProviderList(List<ProviderView> providers) {}

  /** What an erasure removed. (Cache entries join once the response cache exists.) */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ErasureView(String userId, long logsDeleted, long rollupRowsDeleted) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RepriceRequest(Instant startTime, Instant endTime) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RepriceView(long updated, String priceVersion) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PriceView(String model, BigDecimal input, BigDecimal output, BigDecimal cachedInput) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record HealthView(String status, String store, Map<String, ProviderHealth> providers) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ProviderHealth(String type) {}
}
