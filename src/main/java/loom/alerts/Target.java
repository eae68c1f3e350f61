package loom.alerts;

import java.util.List;

/**
 * Where one message goes: the webhook URL and/or e-mail addresses (a user's own settings may name their own
 * URL or address).
 *
 * @param webhookUrl where the webhook channel POSTs; {@code ""} (also given as null): nowhere
 * @param emailAddresses who the e-mail channel writes to; empty (also given as null): nobody
 */
record Target(String webhookUrl, List<String> emailAddresses) {
  Target {
    webhookUrl = webhookUrl == null ? "" : webhookUrl.trim();
    emailAddresses = emailAddresses == null ? List.of() : List.copyOf(emailAddresses);
  }
}
