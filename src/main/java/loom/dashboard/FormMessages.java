package loom.dashboard;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import loom.support.ConflictException;
import loom.support.FieldError;
import loom.support.GatewayException;
import loom.support.InvalidInputException;

/**
 * Faces messages for what the gateway's services refused, so the pages show the services' own rules (the same
 * as the REST API's) instead of a second set: each invalid field of an {@link InvalidInputException} goes next
 * to its input, by the field name the API uses; anything else (not allowed, not found, a conflict) goes on top,
 * or next to the field a conflict is about. The texts are shown escaped, like everything on the dashboard.
 */
final class FormMessages {
  /** The key of {@code fields} naming the input a {@link ConflictException} is about (e.g. a user name taken). */
  static final String CONFLICT = "(conflict)";

  private FormMessages() {}

  /** One message: the client id of its input, or null for the page's messages, and its text. */
  record Routed(String clientId, String text) {}

  /** Where each part of a failure is shown; pure, for tests. @param fields API field name → client id */
  static List<Routed> route(GatewayException failure, Map<String, String> fields) {
    List<Routed> routed = new ArrayList<>();
    if (failure instanceof InvalidInputException invalid) {
      for (FieldError error : invalid.errors()) {
        String clientId = fields.get(error.param());
        String text = readable(error.message());
        routed.add(
            clientId == null
                ? new Routed(null, error.param() + " " + text)
                : new Routed(clientId, capital(text)));
      }
      return routed;
    }
    String clientId = failure instanceof ConflictException ? fields.get(CONFLICT) : null;
    routed.add(new Routed(clientId, failure.getMessage()));
    return routed;
  }

  /** Shows a failure's messages on the current page. */
  static void show(GatewayException failure, Map<String, String> fields) {
    FacesContext context = FacesContext.getCurrentInstance();
    for (Routed message : route(failure, fields)) {
      context.addMessage(
          message.clientId(), new FacesMessage(FacesMessage.SEVERITY_ERROR, message.text(), null));
    }
    context.validationFailed();
  }

  static void info(String text) {
    FacesContext.getCurrentInstance()
        .addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
  }

  /** The API's wording where it speaks JSON ("null"); the rule itself is the service's. */
  private static String readable(String message) {
    return message.replace("(or null for no budget)", "(leave it empty for no budget)");
  }

  private static String capital(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
