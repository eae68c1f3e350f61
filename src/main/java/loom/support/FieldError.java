package loom.support;

import java.util.Objects;

/** One invalid input field: its name as the client sent it, and what is wrong with it. */
public record FieldError(String param, String message) {
  public FieldError {
    Objects.requireNonNull(param, "param");
    Objects.requireNonNull(message, "message");
  }
}
