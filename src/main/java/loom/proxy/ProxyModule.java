package loom.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import loom.auth.UnauthorizedResponder;
import loom.config.GatewayConfig;
import loom.config.ProviderConfig;
import loom.support.InvalidInputException;
import loom.support.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy feature assembled from configuration: its providers, its executor, its servlet and the
 * request-id filter. The composition root creates one at deploy and closes it at undeploy, which stops
 * every thread and connection the proxy made.
 */
public final class ProxyModule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyModule.class);
  private static final long GRACE_SECONDS = 5;

  private final List<Provider> providers;
  private final ThreadPoolExecutor executor;
  private final ProxyServlet servlet;
  private final ProxyCallReader calls;
  private final Router router;
  private final RequestIdFilter requestIdFilter;
  private final AttributionFilter attributionFilter = new AttributionFilter();
  private final ModelCatalog catalog;
  private final String defaultProvider;
  private final DirectCalls directCalls;

  private ProxyModule(
      List<Provider> providers,
      ThreadPoolExecutor executor,
      ProxyServlet servlet,
      ProxyCallReader calls,
      Router router,
      ModelCatalog catalog,
      String defaultProvider,
      DirectCalls directCalls) {
    this.providers = providers;
    this.executor = executor;
    this.servlet = servlet;
    this.calls = calls;
    this.router = router;
    this.catalog = catalog;
    this.defaultProvider = defaultProvider;
    this.directCalls = directCalls;
    this.requestIdFilter = new RequestIdFilter(() -> UUID.randomUUID().toString().replace("-", ""));
  }

  /** A proxy whose own calls ({@link #call}) no budget holds: for tests of what does not spend. */
  public static ProxyModule create(
      GatewayConfig config, Clock clock, MeterRegistry registry, StoredResponses storedResponses) {
    return create(config, clock, registry, storedResponses, SpendGate.NONE);
  }

  /**
   * @param registry where the proxy's meters go (in-flight calls, overload refusals), the one /metrics shows
   * @param storedResponses the Responses API responses other nodes sharing the store relayed, and pricing claims
   * @param budgets the enforced budgets the calls the gateway makes on someone's behalf ({@link #call}) must fit
   */
  public static ProxyModule create(
      GatewayConfig config,
      Clock clock,
      MeterRegistry registry,
      StoredResponses storedResponses,
      SpendGate budgets) {
    ObjectMapper json = new ObjectMapper();
    List<Provider> providers = new ArrayList<>();
    for (ProviderConfig provider : config.providers()) {
      providers.add(
          switch (provider.type()) {
            case OPENAI, ANTHROPIC -> new HttpProvider(provider, json);
            case DEMO -> new DemoProvider(provider, json, clock);
          });
    }
    int maxConcurrent = config.server().maxConcurrentRequests();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            Math.min(8, maxConcurrent),
            maxConcurrent,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            NamedThreads.numberedDaemons("loom-proxy-"));
    executor.allowCoreThreadTimeOut(true);
    ModelCatalog catalog = new ModelCatalog(providers, json, clock);
    // Bodies are kept for the request log only when the privacy settings ask for them.
    int captureLimit =
        config.privacy().logResponseBodies() ? config.privacy().maxBodyLength() + 512 : 0;
    Router router = new Router(providers, config.routing().defaultProvider());
    ResponseRoutes responses = new ResponseRoutes(storedResponses);
    ProxyRequestReader reader = new ProxyRequestReader(json, config.server().maxBodyBytes());
    ProxyCallReader calls =
        new ProxyCallReader(reader, router, responses, config.privacy().logRequestBodies());
    ResponseRelay relay = new ResponseRelay(json, captureLimit);
    InFlightLimits limits = new InFlightLimits(providers, registry);
    GatewayOverhead overhead = new GatewayOverhead(registry, System::nanoTime);
    ProxyServlet servlet =
        new ProxyServlet(
            calls,
            catalog,
            relay,
            executor,
            json,
            limits,
            overhead,
            maxConcurrent,
            new InlineCalls(config.server().inlineCalls(), registry),
            responses);
    DirectCalls directCalls =
        new DirectCalls(
            reader,
            calls,
            limits,
            relay,
            responses,
            overhead,
            json,
            config.privacy().logRequestBodies(),
            budgets,
            clock);
    return new ProxyModule(
        providers,
        executor,
        servlet,
        calls,
        router,
        catalog,
        config.routing().defaultProvider(),
        directCalls);
  }

  public Servlet servlet() {
    return servlet;
  }

  /**
   * The call a request makes, read and routed now (and kept on the request for the servlet), for filters in
   * front of the proxy; empty for {@code /v1/models}, paths the proxy does not serve, and bad requests (the
   * servlet answers those with their error).
   */
  public Optional<ProxyCall> prepare(HttpServletRequest request) {
    Optional<Endpoint> endpoint =
        ProxyCallReader.endpointOf(request).filter(found -> found != Endpoint.MODELS);
    if (endpoint.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(calls.read(endpoint.get(), request));
    } catch (ProxyException answeredByTheServlet) {
      return Optional.empty();
    }
  }

  /**
   * Where a request for {@code model} goes, as the proxy would route it ({@code provider} acting as the
   * X-Loom-Provider header, may be null): the provider's id and the model as that provider knows it.
   *
   * @throws InvalidInputException naming {@code model} or {@code provider} when the proxy would refuse it
   */
  public Destination destinationOf(String model, String provider) {
    try {
      Route route = router.route(model, provider);
      return new Destination(route.provider().id(), route.upstreamModel());
    } catch (ProxyException e) {
      throw InvalidInputException.of(
          e.error().param() == null ? "model" : e.error().param(), e.error().message());
    }
  }

  /**
   * Makes a call on a user's behalf without an HTTP request of theirs (cache warming), on the calling thread, the way
   * a client's call is made: read, routed, bounded, sent and relayed by the same pieces (see {@link DirectCalls}).
   * The answer says how it ended; recording it in the request log is the caller's part.
   */
  public DirectAnswer call(DirectRequest request) {
    return directCalls.call(request);
  }

  /**
   * Where a call of {@code endpoint}'s API for {@code model} goes, as the proxy would route a client's call (a call of
   * an API the default provider does not serve goes to the first provider that serves it).
   *
   * @throws InvalidInputException naming {@code model} or {@code provider} when the proxy would refuse it
   */
  public Destination destinationOf(String model, String provider, Endpoint endpoint) {
    try {
      Route route = router.route(model, provider, endpoint.api());
      ProxyCallReader.requireServed(route.provider(), endpoint.api(), "/v1" + endpoint.path());
      return new Destination(route.provider().id(), route.upstreamModel());
    } catch (ProxyException e) {
      throw InvalidInputException.of(
          e.error().param() == null ? "model" : e.error().param(), e.error().message());
    }
  }

  /** A provider and the model name it is asked for. */
  public record Destination(String providerId, String upstreamModel) {}

  /** Attributes each call with a caller to its team, session, client tool and tags; right behind the API key filter. */
  public Filter attributionFilter() {
    return attributionFilter;
  }

  public Filter requestIdFilter() {
    return requestIdFilter;
  }

  /** The 401 of the proxy paths, in the error shape of the API called, for the auth filter in front of them. */
  public UnauthorizedResponder unauthorizedResponder() {
    return (req, res, message) ->
        OpenAiError.invalidApiKey(message).writeTo(res, Endpoint.apiOf(req.getPathInfo()));
  }

  /** Each provider's id and type, in configuration order; asks no provider anything. */
  public Map<String, String> providerTypes() {
    Map<String, String> types = new LinkedHashMap<>();
    providers.forEach(provider -> types.put(provider.id(), provider.config().type().id()));
    return types;
  }

  /** Every provider as others may see it, with its models (an allow-list, or its own cached listing). */
  public List<ProviderDescription> describeProviders() {
    return providers.stream()
        .map(
            provider ->
                new ProviderDescription(
                    provider.id(),
                    provider.config().type().id(),
                    catalog.modelsOf(provider),
                    provider.id().equals(defaultProvider)))
        .toList();
  }

  /** Lets in-flight calls finish for a few seconds, then aborts them and closes every provider's pool. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
        log.warn(
            "{} proxied calls still running at undeploy; aborting them", executor.getActiveCount());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Closing the pools aborts the blocked reads, so the executor's threads can end.
    providers.forEach(Provider::close);
    executor.shutdownNow();
    try {
      executor.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
