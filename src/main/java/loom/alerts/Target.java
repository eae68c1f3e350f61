package loom.alerts;

import java.util.List;
import java.util.Objects;

/**
 * Where one message goes: the webhook URL, whose webhook it is, and/or e-mail addresses (a user's own settings
 * may name their own URL or address).
 *
 * @param webhookUrl where the webhook channel POSTs; {@code ""} (also given as null): nowhere
 * @param webhookOwner whose webhook the URL is, which decides how far the channel trusts it
 * @param emailAddresses who the e-mail channel writes to; empty (also given as null): nobody
 */
record Target(String webhookUrl, WebhookOwner webhookOwner, List<String> emailAddresses) {
  /** Whose webhook a URL is: who chose where the gateway sends a request to. */
  enum WebhookOwner {
    /**
     * The gateway's own webhook: loom.yaml's {@code alerts.webhook_url}, or the URL an admin set for
     * {@code global}. Trusted: it may reach any address and is signed with {@code alerts.webhook_secret}.
     */
    GATEWAY,
    /**
     * A user's own webhook, set by the user (or by an admin for them). Never signed with the gateway's secret,
     * and it reaches only the addresses the {@link WebhookAddressGuard} allows.
     */
    USER
  }

  Target {
    webhookUrl = webhookUrl == null ? "" : webhookUrl.trim();
    Objects.requireNonNull(webhookOwner, "webhookOwner");
    emailAddresses = emailAddresses == null ? List.of() : List.copyOf(emailAddresses);
  }
}
