package loom.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.20.0.0/16}, {@code fd00::/8}); a bare address is a network
 * of one address. Parsed from text without any DNS lookup. Immutable.
 *
 * @param network the first address of the network (no bits set after the prefix)
 * @param prefixLength how many leading bits every address of the network shares: 0 to 32 (IPv4) or 128 (IPv6)
 */
public record AddressRange(InetAddress network, int prefixLength) {
  /** Four decimal parts without leading zeros, which some resolvers would read as octal. */
  private static final Pattern IPV4 =
      Pattern.compile(
          "(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})" + "\\.(0|[1-9]\\d{0,2})");

  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public AddressRange {
    Objects.requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "the prefix length of an " + (bits == 32 ? "IPv4" : "IPv6") + " network is 0 to " + bits);
    }
    byte[] first = masked(network.getAddress(), prefixLength);
    if (!Arrays.equals(first, network.getAddress())) {
      throw new IllegalArgumentException(
          network.getHostAddress()
              + " has bits set after the /"
              + prefixLength
              + " prefix; the network is "
              + address(first).getHostAddress()
              + "/"
              + prefixLength);
    }
  }

  /**
   * Parses {@code a.b.c.d}, {@code a.b.c.d/n}, an IPv6 address or {@code v6/n}.
   *
   * @throws IllegalArgumentException saying what is wrong with the text
   */
  public static AddressRange parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress network =
        literal(address)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'" + address + "' is not an IPv4 or IPv6 address"));
    if (slash < 0) {
      return new AddressRange(network, network.getAddress().length * 8);
    }
    String prefix = trimmed.substring(slash + 1);
    if (!prefix.matches("\\d{1,3}")) {
      throw new IllegalArgumentException("'/" + prefix + "' is not a prefix length");
    }
    return new AddressRange(network, Integer.parseInt(prefix));
  }

  /**
   * The address an IPv4 ({@code 10.0.0.1}) or IPv6 ({@code fd00::1}, {@code ::ffff:10.0.0.1}) literal names, or
   * empty for any other text; never asks DNS.
   */
  public static Optional<InetAddress> literal(String text) {
    try {
      Matcher ipv4 = IPV4.matcher(text);
      if (ipv4.matches()) {
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int part = Integer.parseInt(ipv4.group(i + 1));
          if (part > 255) {
            return Optional.empty();
          }
          bytes[i] = (byte) part;
        }
        return Optional.of(InetAddress.getByAddress(bytes));
      }
      if (IPV6.matcher(text).matches()) {
        // In brackets the JDK parses an IPv6 literal or fails; it never falls back to a DNS lookup.
        return Optional.of(InetAddress.getByName("[" + text + "]"));
      }
    } catch (UnknownHostException e) {
      // not a literal
    }
    return Optional.empty();
  }

  /** Whether the address is in this network (an IPv4 address is never in an IPv6 network, nor the reverse). */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.getAddress().length
        && Arrays.equals(masked(bytes, prefixLength), network.getAddress());
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }

  /** The bytes with every bit after the prefix cleared (a copy). */
  private static byte[] masked(byte[] address, int prefixLength) {
    byte[] bytes = address.clone();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
      bytes[i] &= (byte) (0xff << (8 - keep));
    }
    return bytes;
  }

  /** The address of 4 or 16 bytes (any other length is a bug of the caller's). */
  public static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
    }
  }
}
