package loom.alerts;

import java.util.List;

/** Where one message goes: a webhook URL (may be empty) and e-mail addresses. */
record Target(String webhookUrl, List<String> emailAddresses) {
  Target {
    webhookUrl = webhookUrl == null ? "" : webhookUrl;
    emailAddresses = List.copyOf(emailAddresses);
  }
}
