package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoIdsTest {
  @Test
  void sameSaltGivesTheSameIdsCallByCall() {
    DemoIds first = new DemoIds(new byte[] {7});
    DemoIds second = new DemoIds(new byte[] {7});

    assertThat(second.next("response", "message")).isEqualTo(first.next("response", "message"));
    assertThat(second.next("response")).isEqualTo(first.next("response"));
  }

  @Test
  void everyCallPurposeAndSaltGetsItsOwnId() {
    DemoIds ids = new DemoIds(new byte[] {7});
    List<String> call0 = ids.next("response", "message");
    List<String> call1 = ids.next("response", "message");
    String otherSalt = new DemoIds(new byte[] {8}).next("response").get(0);

    assertThat(List.of(call0.get(0), call0.get(1), call1.get(0), call1.get(1), otherSalt))
        .doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).matches("[0-9a-f]{48}"));
  }
}
