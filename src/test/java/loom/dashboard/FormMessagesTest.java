package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import loom.support.AccessDeniedException;
import loom.support.ConflictException;
import loom.support.FieldError;
import loom.support.InvalidInputException;
import org.junit.jupiter.api.Test;

class FormMessagesTest {
  @Test
  void eachInvalidFieldGoesNextToItsInputAndAnUnknownOneOnTop() {
    InvalidInputException invalid =
        new InvalidInputException(
            List.of(
                new FieldError(
                    "daily_budget_usd", "must be an amount in USD above 0 (or null for no budget)"),
                new FieldError("webhook_url", "must be an http:// or https:// URL"),
                new FieldError("limit", "must be between 1 and 1000")));

    assertThat(FormMessages.route(invalid, AlertsPage.SETTINGS_FIELDS))
        .containsExactly(
            new FormMessages.Routed(
                "settings:daily",
                "Must be an amount in USD above 0 (leave it empty for no budget)"),
            new FormMessages.Routed("settings:webhookUrl", "Must be an http:// or https:// URL"),
            new FormMessages.Routed(null, "limit must be between 1 and 1000"));
  }

  @Test
  void aRefusalGoesOnTopAndAConflictNextToTheInputItIsAbout() {
    assertThat(
            FormMessages.route(
                new AccessDeniedException("Only an admin may manage users."), Map.of()))
        .containsExactly(new FormMessages.Routed(null, "Only an admin may manage users."));
    assertThat(
            FormMessages.route(
                new ConflictException("A user named 'bob' exists already."),
                Map.of(FormMessages.CONFLICT, "newUser:name")))
        .containsExactly(
            new FormMessages.Routed("newUser:name", "A user named 'bob' exists already."));
  }
}
