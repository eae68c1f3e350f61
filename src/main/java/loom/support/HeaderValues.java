package loom.support;

import java.nio.charset.StandardCharsets;

/**
 * Response header values made from text a client chose (a model name inside a cache key, say). Containers
 * refuse a header value with a character outside Latin-1, drop the header and log a warning with a stack trace
 * for every such response (Tomcat: 77 lines), and a line break would end the header line. So such text is
 * percent-encoded, as URLs are.
 */
public final class HeaderValues {
  private HeaderValues() {}

  /**
   * The text with every character outside printable ASCII (0x20–0x7E), and {@code %} itself, replaced by the
   * percent-encoded bytes of its UTF-8 form; printable ASCII text comes back unchanged (the same instance).
   */
  public static String safe(String text) {
    if (text.chars().allMatch(HeaderValues::isKept)) {
      return text;
    }
    StringBuilder encoded = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            codePoint -> {
              if (isKept(codePoint)) {
                encoded.append((char) codePoint);
                return;
              }
              for (byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
                encoded
                    .append('%')
                    .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
              }
            });
    return encoded.toString();
  }

  private static boolean isKept(int c) {
    return c >= 0x20 && c <= 0x7E && c != '%';
  }
}
