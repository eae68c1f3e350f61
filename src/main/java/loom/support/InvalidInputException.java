package loom.support;

import java.util.List;

/** Input that breaks a rule, field by field (answered as 400 with one entry per field). */
public final class InvalidInputException extends GatewayException {
  private static final long serialVersionUID = 1L;
  private final transient List<FieldError> errors;

  public InvalidInputException(List<FieldError> errors) {
    super(
        errors.isEmpty()
            ? "Invalid input."
            : errors.get(0).param() + ": " + errors.get(0).message());
    this.errors = List.copyOf(errors);
  }

  public static InvalidInputException of(String param, String message) {
    return new InvalidInputException(List.of(new FieldError(param, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
