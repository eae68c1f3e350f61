package loom.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.stream.Stream;
import loom.support.AccessDeniedException;
import loom.support.ConflictException;
import loom.support.GatewayException;
import loom.support.InvalidInputException;
import loom.support.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProblemMappersTest {
  static Stream<Arguments> domainFailures() {
    return Stream.of(
        Arguments.of(new NotFoundException("user", "usr_1"), 404),
        Arguments.of(new AccessDeniedException("admins only"), 403),
        Arguments.of(new ConflictException("taken"), 409),
        Arguments.of(InvalidInputException.of("name", "is required"), 400));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("domainFailures")
  void eachDomainFailureHasItsStatus(GatewayException failure, int status) throws Exception {
    Response response = withPath(new ProblemMappers.Domain(), "users/usr_1").toResponse(failure);
    Problem problem = (Problem) response.getEntity();

    assertThat(response.getStatus()).isEqualTo(status);
    assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
    assertThat(problem.status()).isEqualTo(status);
    assertThat(problem.detail()).isEqualTo(failure.getMessage());
    assertThat(problem.instance()).hasToString("/users/usr_1");
  }

  @Test
  void invalidInputListsEveryField() throws Exception {
    Problem problem =
        (Problem)
            withPath(new ProblemMappers.Domain(), "users")
                .toResponse(InvalidInputException.of("role", "must be admin or user"))
                .getEntity();

    assertThat(problem.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.param()).isEqualTo("role");
              assertThat(error.message()).isEqualTo("must be admin or user");
            });
  }

  @Test
  void anUnexpectedFailureIs500WithoutItsMessageOrStackTrace() throws Exception {
    Response response =
        withPath(new ProblemMappers.Fallback(), "keys")
            .toResponse(
                new IllegalStateException("password=hunter2 at loom.Secret.leak(Secret.java:42)"));
    String body = ApiJson.MAPPER.writeValueAsString(response.getEntity());

    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(body)
        .contains("\"status\":500")
        .doesNotContain("hunter2")
        .doesNotContain("IllegalStateException")
        .doesNotContain("Secret.java");
  }

  /** Sets the {@code @Context UriInfo} field JAX-RS would inject, with only getPath() answering. */
  private static <T> T withPath(T mapper, String path) throws ReflectiveOperationException {
    UriInfo uri =
        (UriInfo)
            Proxy.newProxyInstance(
                UriInfo.class.getClassLoader(),
                new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getPath") && (args == null || args.length == 0)) {
                    return path;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    Field field = mapper.getClass().getDeclaredField("uri");
    field.setAccessible(true);
    field.set(mapper, uri);
    return mapper;
  }
}
