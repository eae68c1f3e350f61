package loom.config;

import java.util.Objects;

/** The {@code routing} section: where a request goes when nothing in it names a provider. */
public record RoutingConfig(String defaultProvider) {
  public RoutingConfig {
    Objects.requireNonNull(defaultProvider, "defaultProvider");
  }
}
