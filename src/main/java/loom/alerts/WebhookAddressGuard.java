package loom.alerts;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import loom.config.AddressRange;
import loom.config.AlertsConfig;

/**
 * Decides which addresses a user's own webhook may reach, so that no user can make the gateway call into its
 * own network: never an unspecified, loopback, link-local, private, unique-local, carrier-grade NAT, multicast,
 * broadcast or otherwise reserved address, nor an IPv6 address that carries such an IPv4 address (IPv4-mapped,
 * IPv4-compatible, NAT64, 6to4, Teredo), unless {@value #ALLOW_KEY} in loom.yaml allows it by network or host
 * name. Pure and immutable, so thread-safe. {@link GuardedDnsResolver} applies it to every resolved address at
 * connect time; {@link AlertSettingsStore} applies it to literal addresses when settings are saved.
 */
final class WebhookAddressGuard {
  static final String ALLOW_KEY = "alerts.webhook_allowed_private_networks";
  private static final String NOT_REACHABLE =
      "user webhooks may not reach it (an admin may allow it with " + ALLOW_KEY + " in loom.yaml)";

  /** A refused range and what to call its addresses in a refusal. */
  private record Refused(AddressRange range, String kind) {}

  /** An IPv6 range whose addresses carry IPv4 addresses, which is what a connection to them may reach. */
  private record Carrier(AddressRange range, String kind, Function<byte[], List<byte[]>> ipv4s) {}

  /** Checked in order, so the unspecified and loopback IPv6 addresses are named before {@code ::/96} is. */
  private static final List<Refused> REFUSED =
      List.of(
          refused("0.0.0.0/32", "the unspecified (any-local) address"),
          refused("0.0.0.0/8", "a 'this network' address"),
          refused("10.0.0.0/8", "a private address"),
          refused("100.64.0.0/10", "a carrier-grade NAT address"),
          refused("127.0.0.0/8", "a loopback address"),
          refused("169.254.0.0/16", "a link-local address"),
          refused("172.16.0.0/12", "a private address"),
          refused("192.0.0.0/24", "an IETF protocol assignments address"),
          refused("192.168.0.0/16", "a private address"),
          refused("198.18.0.0/15", "a benchmarking address"),
          refused("224.0.0.0/4", "a multicast address"),
          refused("255.255.255.255/32", "the broadcast address"),
          refused("240.0.0.0/4", "a reserved address"),
          refused("::/128", "the unspecified (any-local) address"),
          refused("::1/128", "a loopback address"),
          refused("64:ff9b:1::/48", "a local-use NAT64 address"),
          refused("fc00::/7", "a unique-local address"),
          refused("fe80::/10", "a link-local address"),
          refused("fec0::/10", "a site-local address"),
          refused("ff00::/8", "a multicast address"));

  private static final List<Carrier> CARRIERS =
      List.of(
          new Carrier(
              AddressRange.parse("::/96"),
              "an IPv4-compatible address",
              bytes -> List.of(slice(bytes, 12))),
          // The JDK turns ::ffff:a.b.c.d into an IPv4 address when it parses one, but not every
          // Inet6Address is parsed.
          new Carrier(
              new AddressRange(mappedPrefix(), 96),
              "an IPv4-mapped address",
              bytes -> List.of(slice(bytes, 12))),
          new Carrier(
              AddressRange.parse("64:ff9b::/96"),
              "a NAT64 address",
              bytes -> List.of(slice(bytes, 12))),
          new Carrier(
              AddressRange.parse("2002::/16"), "a 6to4 address", bytes -> List.of(slice(bytes, 2))),
          // Teredo carries the server's IPv4 address as it is and the client's with every bit
          // flipped.
          new Carrier(
              AddressRange.parse("2001::/32"),
              "a Teredo address",
              bytes -> List.of(slice(bytes, 4), flipped(slice(bytes, 12)))));

  private final AlertsConfig.AllowedPrivateNetworks allowed;

  WebhookAddressGuard(AlertsConfig.AllowedPrivateNetworks allowed) {
    this.allowed = allowed;
  }

  /** Whether an admin allowed this host name as such, whatever it resolves to. */
  boolean allowsHostName(String host) {
    return allowed.containsHostName(unbracketed(host));
  }

  /**
   * Why a user's webhook may not connect to this address, fit for an admin and the log, e.g. {@code 127.0.0.1 is
   * a loopback address; user webhooks may not reach it (…)}; empty when it may.
   */
  Optional<String> refusal(InetAddress address) {
    return kind(address)
        .map(kind -> address.getHostAddress() + " is " + kind + "; " + NOT_REACHABLE);
  }

  /** As {@link #refusal(InetAddress)}, for an address the host resolved to: {@code hooks.example resolves to …}. */
  Optional<String> refusal(String host, InetAddress address) {
    if (literal(host).filter(address::equals).isPresent()) {
      return refusal(address);
    }
    return kind(address)
        .map(
            kind ->
                host
                    + " resolves to "
                    + address.getHostAddress()
                    + ", "
                    + kind
                    + "; "
                    + NOT_REACHABLE);
  }

  /**
   * Why a user's webhook may not name this URL host, judged without DNS: IP literals (also the numeric forms the
   * JDK reads, such as {@code 2130706433}) and {@code localhost} names. Empty for every other name, which is
   * checked when it is resolved.
   */
  Optional<String> refusalWithoutDns(String host) {
    if (allowsHostName(host)) {
      return Optional.empty();
    }
    String name = AlertsConfig.AllowedPrivateNetworks.normalizedHostName(unbracketed(host));
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      // RFC 6761: localhost names are loopback whatever DNS says; judged as the address they stand
      // for.
      return kind(InetAddress.getLoopbackAddress())
          .map(kind -> host + " is a loopback name; " + NOT_REACHABLE);
    }
    return literal(host).flatMap(this::refusal);
  }

  /** What makes the address refused, or empty when it is public or allowed. */
  private Optional<String> kind(InetAddress address) {
    if (allowed.contains(address)) {
      return Optional.empty();
    }
    for (Refused refused : REFUSED) {
      if (refused.range().contains(address)) {
        return Optional.of(refused.kind());
      }
    }
    for (Carrier carrier : CARRIERS) {
      if (carrier.range().contains(address)) {
        for (byte[] ipv4 : carrier.ipv4s().apply(address.getAddress())) {
          InetAddress carried = AddressRange.address(ipv4);
          Optional<String> kind = kind(carried);
          if (kind.isPresent()) {
            return Optional.of(
                carrier.kind() + " for " + carried.getHostAddress() + ", " + kind.get());
          }
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The address a URL host names literally, read as the JDK reads it when connecting ({@code [::1]},
   * {@code 10.0.0.1}, {@code 010.0.0.1} as 10.0.0.1, {@code 127.1}, {@code 2130706433}); empty for a name.
   * Never asks DNS.
   */
  static Optional<InetAddress> literal(String host) {
    String text = unbracketed(host);
    if (text.contains(":")) {
      // A zone (fe80::1%eth0, %25 in a URL) names an interface, not another address.
      int zone = text.indexOf('%');
      return AddressRange.literal(
          (zone < 0 ? text : text.substring(0, zone)).toLowerCase(Locale.ROOT));
    }
    if (!text.matches("\\d+(\\.\\d+){0,3}")) {
      return Optional.empty();
    }
    // The JDK's numeric IPv4 forms: a, a.b, a.b.c, a.b.c.d in decimal, the last part filling the
    // bytes left.
    String[] parts = text.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      int width = last ? 4 - i : 1;
      long value;
      try {
        value = Long.parseLong(parts[i]);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (parts[i].length() > 10 || value >= 1L << (8 * width)) {
        return Optional.empty();
      }
      for (int b = 0; b < width; b++) {
        bytes[i + b] = (byte) (value >>> (8 * (width - 1 - b)));
      }
    }
    return Optional.of(AddressRange.address(bytes));
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static Refused refused(String range, String kind) {
    return new Refused(AddressRange.parse(range), kind);
  }

  private static InetAddress mappedPrefix() {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    try {
      // Through Inet6Address, which keeps the IPv6 form that InetAddress.getByAddress would turn
      // into IPv4.
      return java.net.Inet6Address.getByAddress(null, bytes, null);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] slice(byte[] bytes, int from) {
    return Arrays.copyOfRange(bytes, from, from + 4);
  }

  private static byte[] flipped(byte[] bytes) {
    byte[] flipped = bytes.clone();
    for (int i = 0; i < flipped.length; i++) {
      flipped[i] = (byte) ~flipped[i];
    }
    return flipped;
  }
}
