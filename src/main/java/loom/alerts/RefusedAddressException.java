package loom.alerts;

import java.net.UnknownHostException;

/**
 * A user's webhook host resolved to an address the {@link WebhookAddressGuard} refuses. An
 * {@link UnknownHostException}, so HttpClient gives up before it opens any connection; the message says which
 * address and why, fit for an admin (never for the user: see {@link AlertService}).
 */
final class RefusedAddressException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  RefusedAddressException(String refusal) {
    super(refusal);
  }
}
