package loom.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link FakeUpstream} per test run on the port the deployed gateway is configured with
 * ({@code it.upstream.port}), resets it and empties the gateway's response cache before every test, and
 * stops it when the run ends. Test methods receive it as a parameter.
 */
public final class UpstreamExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(UpstreamExtension.class);

  /** Up before any {@code @BeforeAll} of the test class, which may already send traffic through the gateway. */
  @Override
  public void beforeAll(ExtensionContext context) {
    upstream(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    upstream(context).reset();
    // Every test starts with an empty response cache, so an answer cached by an earlier test is not
    // served.
    ApiClient.json(ApiClient.admin().post("/cache/clear", "{}"), 200);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FakeUpstream.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return upstream(context);
  }

  private static FakeUpstream upstream(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "upstream",
            key -> new Running(FakeUpstream.start(Integer.getInteger("it.upstream.port", 0))),
            Running.class)
        .upstream();
  }

  /** Closed by JUnit (AutoCloseable store values) when the root context ends. */
  private record Running(FakeUpstream upstream) implements AutoCloseable {
    @Override
    public void close() {
      upstream.close();
    }
  }
}
