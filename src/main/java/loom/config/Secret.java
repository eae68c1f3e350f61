package loom.config;

import java.util.Objects;

/** A secret configuration value (an upstream API key). Its {@code toString()} never shows it. */
public record Secret(String value) {
  public Secret {
    Objects.requireNonNull(value, "value");
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return value.isEmpty() ? "" : "***";
  }
}
