package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import loom.config.AlertsConfig;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

/** The resolver of users' webhooks hands HttpClient only hosts whose every address the guard allows. */
class GuardedDnsResolverTest {
  /** A DNS that knows a few names, answering as a split-horizon or rebinding DNS might. */
  private static final DnsResolver NAMES =
      new DnsResolver() {
        private final Map<String, List<String>> zone =
            Map.of(
                "hooks.example.com", List.of("93.184.216.34"),
                "mixed.example.com", List.of("93.184.216.34", "10.0.0.7"),
                "metadata.example.com", List.of("169.254.169.254"),
                "hooks.internal.example", List.of("10.20.0.5"));

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
          List<String> addresses = zone.get(host);
          if (addresses == null) {
            throw new UnknownHostException(host);
          }
          InetAddress[] resolved = new InetAddress[addresses.size()];
          for (int i = 0; i < resolved.length; i++) {
            resolved[i] = InetAddress.getByName(addresses.get(i));
          }
          return resolved;
        }

        @Override
        public String resolveCanonicalHostname(String host) {
          return host;
        }
      };

  private final GuardedDnsResolver resolver =
      new GuardedDnsResolver(
          new WebhookAddressGuard(
              new AlertsConfig.AllowedPrivateNetworks(List.of(), Set.of("hooks.internal.example"))),
          NAMES);

  @Test
  void aPublicNameResolvesToExactlyItsAddresses() throws Exception {
    assertThat(resolver.resolve("hooks.example.com"))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.216.34");
  }

  @Test
  void oneInternalAddressAmongPublicOnesRefusesTheName() {
    assertThatThrownBy(() -> resolver.resolve("mixed.example.com"))
        .isInstanceOf(RefusedAddressException.class)
        .hasMessageStartingWith(
            "mixed.example.com resolves to 10.0.0.7, a private address; user webhooks may not"
                + " reach it");
    assertThatThrownBy(() -> resolver.resolve("metadata.example.com"))
        .isInstanceOf(RefusedAddressException.class)
        .hasMessageStartingWith(
            "metadata.example.com resolves to 169.254.169.254, a link-local address;");
  }

  @Test
  void anAllowedHostNameResolvesWhateverItsAddresses() throws Exception {
    assertThat(resolver.resolve("hooks.internal.example"))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("10.20.0.5");
  }

  @Test
  void anUnknownNameStaysAnUnknownHost() {
    assertThatThrownBy(() -> resolver.resolve("nowhere.example.com"))
        .isInstanceOf(UnknownHostException.class)
        .isNotInstanceOf(RefusedAddressException.class);
  }
}
