package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import loom.config.AddressRange;
import loom.config.AlertsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Which addresses users' webhooks may reach: every refused range with the addresses on both sides of its edges. */
class WebhookAddressGuardTest {
  private static final String PUBLIC = "public";
  private static final WebhookAddressGuard NO_EXCEPTIONS =
      new WebhookAddressGuard(AlertsConfig.AllowedPrivateNetworks.NONE);

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("addresses")
  void refusesEveryInternalRangeAndNothingNextToIt(String address, String kind) throws Exception {
    Optional<String> refusal = NO_EXCEPTIONS.refusal(InetAddress.getByName(address));

    if (kind.equals(PUBLIC)) {
      assertThat(refusal).isEmpty();
    } else {
      assertThat(refusal)
          .hasValueSatisfying(
              reason ->
                  assertThat(reason).contains(" is " + kind + "; user webhooks may not reach it"));
    }
  }

  static Stream<Arguments> addresses() {
    return Stream.of(
        // 0.0.0.0/8, "this network", with the unspecified address first
        cases("0.0.0.0", "the unspecified (any-local) address"),
        cases("0.0.0.1", "a 'this network' address"),
        cases("0.255.255.255", "a 'this network' address"),
        cases("1.0.0.0", PUBLIC),
        // 10.0.0.0/8
        cases("9.255.255.255", PUBLIC),
        cases("10.0.0.0", "a private address"),
        cases("10.255.255.255", "a private address"),
        cases("11.0.0.0", PUBLIC),
        // 100.64.0.0/10
        cases("100.63.255.255", PUBLIC),
        cases("100.64.0.0", "a carrier-grade NAT address"),
        cases("100.127.255.255", "a carrier-grade NAT address"),
        cases("100.128.0.0", PUBLIC),
        // 127.0.0.0/8
        cases("126.255.255.255", PUBLIC),
        cases("127.0.0.0", "a loopback address"),
        cases("127.0.0.1", "a loopback address"),
        cases("127.255.255.255", "a loopback address"),
        cases("128.0.0.0", PUBLIC),
        // 169.254.0.0/16, with the cloud metadata address
        cases("169.253.255.255", PUBLIC),
        cases("169.254.0.0", "a link-local address"),
        cases("169.254.169.254", "a link-local address"),
        cases("169.254.255.255", "a link-local address"),
        cases("169.255.0.0", PUBLIC),
        // 172.16.0.0/12
        cases("172.15.255.255", PUBLIC),
        cases("172.16.0.0", "a private address"),
        cases("172.31.255.255", "a private address"),
        cases("172.32.0.0", PUBLIC),
        // 192.0.0.0/24
        cases("191.255.255.255", PUBLIC),
        cases("192.0.0.0", "an IETF protocol assignments address"),
        cases("192.0.0.255", "an IETF protocol assignments address"),
        cases("192.0.1.0", PUBLIC),
        // 192.168.0.0/16
        cases("192.167.255.255", PUBLIC),
        cases("192.168.0.0", "a private address"),
        cases("192.168.255.255", "a private address"),
        cases("192.169.0.0", PUBLIC),
        // 198.18.0.0/15
        cases("198.17.255.255", PUBLIC),
        cases("198.18.0.0", "a benchmarking address"),
        cases("198.19.255.255", "a benchmarking address"),
        cases("198.20.0.0", PUBLIC),
        // 224.0.0.0/4, then 240.0.0.0/4 up to the broadcast address
        cases("223.255.255.255", PUBLIC),
        cases("224.0.0.0", "a multicast address"),
        cases("239.255.255.255", "a multicast address"),
        cases("240.0.0.0", "a reserved address"),
        cases("255.255.255.254", "a reserved address"),
        cases("255.255.255.255", "the broadcast address"),
        cases("8.8.8.8", PUBLIC),
        // IPv6: unspecified, loopback, and IPv4-compatible ::/96 judged by the IPv4 address it
        // carries
        cases("::", "the unspecified (any-local) address"),
        cases("::1", "a loopback address"),
        cases("::2", "an IPv4-compatible address for 0.0.0.2, a 'this network' address"),
        cases("::127.0.0.1", "an IPv4-compatible address for 127.0.0.1, a loopback address"),
        cases("::8.8.8.8", PUBLIC),
        cases("::1:0:0", PUBLIC),
        // IPv4-mapped: the JDK makes these IPv4 addresses (see below for an Inet6Address that stays
        // IPv6)
        cases("::ffff:127.0.0.1", "a loopback address"),
        cases("::ffff:10.1.2.3", "a private address"),
        cases("::ffff:8.8.8.8", PUBLIC),
        // NAT64 64:ff9b::/96 and local-use NAT64 64:ff9b:1::/48
        cases("64:ff9b::10.0.0.1", "a NAT64 address for 10.0.0.1, a private address"),
        cases(
            "64:ff9b::169.254.169.254",
            "a NAT64 address for 169.254.169.254, a link-local address"),
        cases("64:ff9b::8.8.8.8", PUBLIC),
        cases("64:ff9b::1:0:0", PUBLIC),
        cases("64:ff9b:1::", "a local-use NAT64 address"),
        cases("64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "a local-use NAT64 address"),
        cases("64:ff9b:2::", PUBLIC),
        // 6to4 2002::/16 carries the IPv4 address in its bits 16 to 47
        cases("2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff", PUBLIC),
        cases("2002:7f00:1::", "a 6to4 address for 127.0.0.1, a loopback address"),
        cases("2002:c0a8:101:ffff::1", "a 6to4 address for 192.168.1.1, a private address"),
        cases("2002:808:808::", PUBLIC),
        cases("2003::", PUBLIC),
        // Teredo 2001::/32: the server's IPv4 address as it is, the client's with every bit flipped
        cases("2001:0:4136:e378:8000:63bf:3fff:fdd2", PUBLIC),
        cases("2001:0:a00:1::", "a Teredo address for 10.0.0.1, a private address"),
        cases("2001:0:808:808::80ff:fffe", "a Teredo address for 127.0.0.1, a loopback address"),
        cases("2001:1:a00:1::", PUBLIC),
        // unique-local fc00::/7, link-local fe80::/10, site-local fec0::/10, multicast ff00::/8
        cases("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", PUBLIC),
        cases("fc00::", "a unique-local address"),
        cases("fd12:3456::1", "a unique-local address"),
        cases("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a unique-local address"),
        cases("fe00::", PUBLIC),
        cases("fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", PUBLIC),
        cases("fe80::", "a link-local address"),
        cases("fe80::1%1", "a link-local address"),
        cases("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a link-local address"),
        cases("fec0::", "a site-local address"),
        cases("feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a site-local address"),
        cases("ff00::", "a multicast address"),
        cases("ff02::1", "a multicast address"),
        cases("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a multicast address"),
        cases("2606:4700:4700::1111", PUBLIC));
  }

  @Test
  void theJdkReadsIpv4MappedLiteralsAsIpv4AndAnIpv6FormThatStaysIsJudgedByItsIpv4Address()
      throws Exception {
    assertThat(InetAddress.getByName("::ffff:127.0.0.1")).isInstanceOf(Inet4Address.class);
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 127;
    mapped[15] = 1;
    InetAddress kept = Inet6Address.getByAddress(null, mapped, null);
    assertThat(kept).isInstanceOf(Inet6Address.class);

    assertThat(NO_EXCEPTIONS.refusal(kept))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith(
                        "0:0:0:0:0:ffff:7f00:1 is an IPv4-mapped address for 127.0.0.1, a loopback address;"));
  }

  @Test
  void anAllowedNetworkAddressOrHostNameIsReachable() throws Exception {
    WebhookAddressGuard guard =
        new WebhookAddressGuard(
            new AlertsConfig.AllowedPrivateNetworks(
                List.of(
                    AddressRange.parse("10.20.0.0/16"),
                    AddressRange.parse("127.0.0.1"),
                    AddressRange.parse("fd00::/8")),
                Set.of("Hooks.Internal.Example")));

    assertThat(guard.refusal(InetAddress.getByName("10.20.0.0"))).isEmpty();
    assertThat(guard.refusal(InetAddress.getByName("10.20.255.255"))).isEmpty();
    assertThat(guard.refusal(InetAddress.getByName("10.21.0.0"))).isPresent();
    assertThat(guard.refusal(InetAddress.getByName("10.19.255.255"))).isPresent();
    assertThat(guard.refusal(InetAddress.getByName("127.0.0.1"))).isEmpty();
    assertThat(guard.refusal(InetAddress.getByName("127.0.0.2"))).isPresent();
    assertThat(guard.refusal(InetAddress.getByName("fd12::1"))).isEmpty();
    assertThat(guard.refusal(InetAddress.getByName("fc00::1"))).isPresent();
    // An IPv6 address that carries an allowed IPv4 address is allowed too.
    assertThat(guard.refusal(InetAddress.getByName("2002:a14:505::"))).isEmpty();
    assertThat(guard.refusal(InetAddress.getByName("::1"))).isPresent();

    assertThat(guard.allowsHostName("hooks.internal.example")).isTrue();
    assertThat(guard.allowsHostName("HOOKS.internal.example.")).isTrue();
    assertThat(guard.allowsHostName("other.internal.example")).isFalse();
    assertThat(guard.allowsHostName("evil.hooks.internal.example")).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "127.0.0.1, 127.0.0.1",
    "2130706433, 127.0.0.1",
    "127.1, 127.0.0.1",
    "10.1.513, 10.1.2.1",
    "010.0.0.1, 10.0.0.1",
    "[::1], 0:0:0:0:0:0:0:1",
    "[fe80::1%25eth0], fe80:0:0:0:0:0:0:1",
    "[::ffff:10.0.0.1], 10.0.0.1",
    "4294967296, none",
    "256.0.0.1, none",
    "1.2.3.4.5, none",
    "hooks.example.com, none",
    "localhost, none"
  })
  void literalsAreReadAsTheJdkReadsThemWithoutDns(String host, String expected) {
    assertThat(WebhookAddressGuard.literal(host).map(InetAddress::getHostAddress).orElse("none"))
        .isEqualTo(expected);
  }

  private static Arguments cases(String address, String kind) {
    return Arguments.of(address, kind);
  }
}
