package loom.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a test class against the gateway in this JVM rather than the WAR the build deploys: starts, once per test
 * run, a {@link FakeUpstream} and an {@link InProcessGateway} configured as the ITs' containers are
 * (src/test/it/loom-it.yaml), and points the IT helpers ({@link GatewayClient}, {@link ApiClient}, {@link RawHttp},
 * {@link LoggedRows}) at it through the system properties the build gives the ITs ({@code loom.base},
 * {@code it.loom.home}, {@code it.smtp.port}). Like {@link UpstreamExtension}, it resets the upstream and empties
 * the response cache before every test, and passes the upstream (and the gateway) to test methods that ask for it.
 * Every filter of the gateway is watched by a {@link ChainProbe} (test methods may ask for it too, to see what each
 * filter did with a request): a test after which a filter broke the chain contract fails, naming it.
 * The classes that use it share the one gateway, as the ITs share a container: each makes its own users and unique
 * prompts.
 */
public final class InProcessGatewayExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(InProcessGatewayExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    running(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    running(context).upstream().reset();
    // Every test starts with an empty response cache, so an answer cached by an earlier test is not
    // served.
    ApiClient.json(ApiClient.admin().post("/cache/clear", "{}"), 200);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    running(context).probe().assertKept();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == FakeUpstream.class || type == ChainProbe.class || type == InProcessGateway.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Running running = running(context);
    Class<?> type = parameter.getParameter().getType();
    return type == ChainProbe.class
        ? running.probe()
        : type == InProcessGateway.class ? running.gateway() : running.upstream();
  }

  private static Running running(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("gateway", key -> Running.start(), Running.class);
  }

  /** The upstream and the gateway of the run; closed by JUnit (an AutoCloseable store value) when the run ends. */
  private record Running(FakeUpstream upstream, ChainProbe probe, InProcessGateway gateway)
      implements AutoCloseable {
    static Running start() {
      FakeUpstream upstream = FakeUpstream.start(0);
      int smtpPort = InProcessGateway.freePort();
      ChainProbe probe = new ChainProbe();
      InProcessGateway gateway;
      try {
        gateway = InProcessGateway.start(InProcessGateway.itConfig(upstream, smtpPort), probe);
      } catch (RuntimeException e) {
        upstream.close();
        throw e;
      }
      System.setProperty("loom.base", gateway.baseUrl());
      System.setProperty("it.loom.home", gateway.home().toString());
      System.setProperty("it.smtp.port", Integer.toString(smtpPort));
      return new Running(upstream, probe, gateway);
    }

    @Override
    public void close() {
      System.clearProperty("loom.base");
      System.clearProperty("it.loom.home");
      System.clearProperty("it.smtp.port");
      try {
        gateway.close();
      } finally {
        upstream.close();
      }
    }
  }
}
