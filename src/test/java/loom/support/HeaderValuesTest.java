package loom.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderValuesTest {
  @Test
  void printableAsciiIsKeptAsItIs() {
    String key = "v1:openai:gpt-4o-mini:5f1c0a";

    assertThat(HeaderValues.safe(key)).isSameAs(key);
  }

  @Test
  void everythingElseIsPercentEncodedAsUtf8AndDecodesBack() {
    List<String> names =
        List.of(
            "demo/模型", "café", "a\r\nSet-Cookie: x=1", "tab\there", "100%", "emoji 🦙", "\u0000");

    for (String name : names) {
      String safe = HeaderValues.safe(name);
      assertThat(safe).as(name).matches("[\\x20-\\x7E]*").doesNotContain("\r", "\n");
      assertThat(URLDecoder.decode(safe.replace("+", "%2B"), StandardCharsets.UTF_8))
          .isEqualTo(name);
    }
    assertThat(HeaderValues.safe("v1:demo:模型:ab")).isEqualTo("v1:demo:%E6%A8%A1%E5%9E%8B:ab");
    assertThat(HeaderValues.safe("100%")).isEqualTo("100%25");
  }
}
