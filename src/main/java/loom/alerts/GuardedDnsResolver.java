package loom.alerts;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves the hosts of users' webhooks for their HTTP client and refuses a host when any address it resolves to
 * is one the {@link WebhookAddressGuard} refuses. HttpClient connects to exactly the addresses this returns and
 * resolves IP literals through it too, so the check and the connection see the same addresses: a name that
 * resolves elsewhere a moment later (DNS rebinding) cannot slip past. Thread-safe.
 */
final class GuardedDnsResolver implements DnsResolver {
  private final WebhookAddressGuard guard;
  private final DnsResolver names;

  /** @param names what actually resolves names ({@code SystemDefaultDnsResolver.INSTANCE} in the gateway) */
  GuardedDnsResolver(WebhookAddressGuard guard, DnsResolver names) {
    this.guard = guard;
    this.names = names;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] addresses = names.resolve(host);
    if (guard.allowsHostName(host)) {
      return addresses;
    }
    // Any refused address refuses the host: the client may try each of them in turn.
    for (InetAddress address : addresses) {
      Optional<String> refusal = guard.refusal(host, address);
      if (refusal.isPresent()) {
        throw new RefusedAddressException(refusal.get());
      }
    }
    return addresses;
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return names.resolveCanonicalHostname(host);
  }
}
