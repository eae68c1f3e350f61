package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionIdsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"a", "0b6c5f1e-3f6a-4c1e-9d2a-8f0a7f3c2b1d", "run_42.retry:3", "A-Z.a-z_0-9:x"})
  void lettersDigitsAndFewMarksUpTo128AreASessionId(String id) {
    assertThat(SessionIds.isValid(id)).isTrue();
    assertThat(SessionIds.isValid("x".repeat(SessionIds.MAX_LENGTH))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "has space",
        "semi;colon",
        "slash/no",
        "ümlaut",
        "line\nbreak",
        "{\"json\":1}"
      })
  void anythingElseIsNot(String id) {
    assertThat(SessionIds.isValid(id)).isFalse();
    assertThat(SessionIds.isValid("x".repeat(SessionIds.MAX_LENGTH + 1))).isFalse();
    assertThat(SessionIds.isValid(null)).isFalse();
  }

  @Test
  void claudeCodesUserIdIsAJsonStringWithTheSession() {
    String userId =
        "{\"device_id\":\"5f1c0b2a9d\",\"account_uuid\":\"acc-1\",\"session_id\":\"8e0c4b7e-2d1f-4a3b-9c5d-6e7f8a9b0c1d\"}";

    assertThat(SessionIds.fromUserId(TextNode.valueOf(userId)))
        .isEqualTo("8e0c4b7e-2d1f-4a3b-9c5d-6e7f8a9b0c1d");
  }

  @Test
  void olderVersionsWriteItIntoOneString() {
    String userId =
        "user_9a8b7c6d5e4f_account_11111111-2222-3333-4444-555555555555_session_"
            + "66666666-7777-8888-9999-000000000000";

    assertThat(SessionIds.fromUserId(TextNode.valueOf(userId)))
        .isEqualTo("66666666-7777-8888-9999-000000000000");
  }

  @Test
  void aUserIdWithoutAValidSessionGivesNone() {
    assertThat(SessionIds.fromUserId(TextNode.valueOf("end-user-42"))).isNull();
    assertThat(SessionIds.fromUserId(TextNode.valueOf("{\"device_id\":\"d\"}"))).isNull();
    assertThat(SessionIds.fromUserId(TextNode.valueOf("{not json"))).isNull();
    assertThat(SessionIds.fromUserId(TextNode.valueOf("{\"session_id\":\"has space\"}"))).isNull();
    assertThat(SessionIds.fromUserId(TextNode.valueOf("user_x_session_" + "y".repeat(200))))
        .isNull();
    assertThat(SessionIds.fromUserId(JsonNodeFactory.instance.numberNode(7))).isNull();
    assertThat(SessionIds.fromUserId(null)).isNull();
  }
}
