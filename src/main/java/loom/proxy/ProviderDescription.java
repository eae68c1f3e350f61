package loom.proxy;

import java.util.List;
import java.util.Objects;

/** What others may know of a provider: never its key or headers. */
public record ProviderDescription(String id, String type, List<String> models, boolean isDefault) {
  public ProviderDescription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    models = List.copyOf(models);
  }
}
