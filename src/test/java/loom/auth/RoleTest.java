package loom.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import loom.support.FieldError;
import loom.support.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleTest {
  @ParameterizedTest
  @CsvSource({"admin, ADMIN", "user, USER", "' Admin ', ADMIN", "USER, USER"})
  void wireIdsParseToRoles(String id, Role expected) {
    assertThat(Role.parse(id)).isEqualTo(expected);
    assertThat(Role.parse(expected.id())).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"root", "administrator", "users"})
  void anythingElseIsInvalidInputForTheRoleField(String id) {
    assertThatThrownBy(() -> Role.parse(id))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(new FieldError("role", "must be admin or user")));
  }
}
