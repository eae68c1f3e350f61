package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import loom.config.ProviderConfig;
import loom.config.ProviderType;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * A remote provider's HTTP API: OpenAI-compatible, or Anthropic's. One pooled HTTP client per provider, with the provider's connect and
 * read timeouts; bodies are never decompressed or buffered here, so streams stay streams. The client's
 * key never reaches the provider: the provider's own key (as {@code Authorization: Bearer}, or {@code x-api-key}
 * for Anthropic) and extra headers are set on every request.
 * Thread-safe. Creates no threads of its own, so undeploy leaves none behind.
 */
final class HttpProvider implements Provider {
  static final String ANTHROPIC_KEY_HEADER = "x-api-key";
  static final String ANTHROPIC_VERSION_HEADER = "anthropic-version";
  static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
  private static final InputStream EMPTY = InputStream.nullInputStream();

  private final ProviderConfig config;
  private final ObjectMapper json;
  private final PoolingHttpClientConnectionManager pool;
  private final CloseableHttpClient client;

  HttpProvider(ProviderConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
    this.pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(config.maxConnections())
            .setMaxConnPerRoute(config.maxConnections())
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(config.connectTimeout()))
                    .setSocketTimeout(Timeout.of(config.upstreamTimeout()))
                    // Idle pooled connections are checked before reuse instead of by a background
                    // evictor thread.
                    .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                    .setTimeToLive(TimeValue.ofMinutes(5))
                    .build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(pool)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setResponseTimeout(Timeout.of(config.upstreamTimeout()))
                    .setConnectionRequestTimeout(Timeout.of(config.connectTimeout()))
                    .setRedirectsEnabled(false)
                    .build())
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableContentCompression()
            .disableAuthCaching()
            .build();
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  @Override
  public UpstreamResponse send(UpstreamRequest request) {
    HttpUriRequestBase call = new HttpUriRequestBase(request.method(), uri(request.path()));
    for (Map.Entry<String, String> header : request.headers()) {
      call.addHeader(header.getKey(), header.getValue());
    }
    authorize(call);
    if (request.body() != null) {
      call.setEntity(new ByteArrayEntity(request.body(), ContentType.parse(request.contentType())));
    }
    return new HttpUpstreamResponse(call, execute(call));
  }

  @Override
  public List<String> listModels() {
    HttpGet get = new HttpGet(uri(Endpoint.MODELS.path()));
    authorize(get);
    try (ClassicHttpResponse response = execute(get)) {
      String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
      if (response.getCode() != 200) {
        throw new ProxyException(OpenAiError.upstreamStatus(id(), response.getCode(), ""));
      }
      List<String> models = new ArrayList<>();
      for (JsonNode model : json.readTree(body).path("data")) {
        if (model.path("id").isTextual()) {
          models.add(model.path("id").asText());
        }
      }
      return models;
    } catch (IOException e) {
      throw ResponseRelay.upstreamReadFailure(id(), e);
    } catch (org.apache.hc.core5.http.ParseException e) {
      throw new ProxyException(
          OpenAiError.upstreamInvalidResponse(id(), "unreadable model list"), e);
    }
  }

  @Override
  public void close() {
    pool.close(CloseMode.IMMEDIATE);
    client.close(CloseMode.IMMEDIATE);
  }

  private URI uri(String path) {
    return URI.create(config.baseUrl() + path);
  }

  private void authorize(HttpUriRequestBase request) {
    boolean anthropic = config.type() == ProviderType.ANTHROPIC;
    if (!config.apiKey().isEmpty()) {
      if (anthropic) {
        request.setHeader(ANTHROPIC_KEY_HEADER, config.apiKey().value());
      } else {
        request.setHeader("Authorization", "Bearer " + config.apiKey().value());
      }
    }
    if (anthropic && !request.containsHeader(ANTHROPIC_VERSION_HEADER)) {
      // Anthropic refuses a call without a version; clients that name none get the one its docs
      // show.
      request.setHeader(ANTHROPIC_VERSION_HEADER, DEFAULT_ANTHROPIC_VERSION);
    }
    config.headers().forEach(request::setHeader);
  }

  private ClassicHttpResponse execute(HttpUriRequestBase request) {
    try {
      return client.executeOpen(null, request, null);
    } catch (IOException e) {
      throw sendFailure(e);
    }
  }

  private ProxyException sendFailure(IOException e) {
    String host =
        config.baseUrl().getHost()
            + (config.baseUrl().getPort() > 0 ? ":" + config.baseUrl().getPort() : "");
    if (e instanceof ConnectionRequestTimeoutException) {
      return new ProxyException(
          OpenAiError.upstreamUnavailable(
              id(), "all " + config.maxConnections() + " connections to " + host + " are busy"),
          e);
    }
    if (e instanceof ConnectTimeoutException) {
      return new ProxyException(
          OpenAiError.upstreamTimeout(
              id(),
              "no connection to " + host + " within " + config.connectTimeout().toMillis() + " ms"),
          e);
    }
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      return new ProxyException(
          OpenAiError.upstreamTimeout(
              id(),
              "no response from "
                  + host
                  + " within "
                  + config.upstreamTimeout().toMillis()
                  + " ms"),
          e);
    }
    if (e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException) {
      return new ProxyException(
          OpenAiError.upstreamUnavailable(
              id(), "cannot connect to " + host + " (" + e.getClass().getSimpleName() + ")"),
          e);
    }
    return new ProxyException(
        OpenAiError.upstreamInvalidResponse(id(), e.getClass().getSimpleName() + " from " + host),
        e);
  }

  /** Wraps one open HTTP exchange; reading its body to the end returns the connection to the pool. */
  private static final class HttpUpstreamResponse implements UpstreamResponse {
    private final HttpUriRequestBase request;
    private final ClassicHttpResponse response;

    HttpUpstreamResponse(HttpUriRequestBase request, ClassicHttpResponse response) {
      this.request = request;
      this.response = response;
    }

    @Override
    public int status() {
      return response.getCode();
    }

    @Override
    public List<Map.Entry<String, String>> headers() {
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      for (Header header : response.getHeaders()) {
        headers.add(Map.entry(header.getName(), header.getValue()));
      }
      return headers;
    }

    @Override
    public String contentType() {
      HttpEntity entity = response.getEntity();
      if (entity != null && entity.getContentType() != null) {
        return entity.getContentType();
      }
      Header header = response.getFirstHeader("Content-Type");
      return header == null ? "" : header.getValue();
    }

    @Override
    public InputStream body() {
      HttpEntity entity = response.getEntity();
      try {
        return entity == null ? EMPTY : entity.getContent();
      } catch (IOException e) {
        throw new ProxyException(
            OpenAiError.upstreamInvalidResponse("upstream", "unreadable body"), e);
      }
    }

    @Override
    public void abort() {
      request.cancel();
    }

    @Override
    public void close() {
      // A fully read body has already returned the connection to the pool. Callers abort() first
      // when they stop early, because closing an unread body would read the rest of it.
      try {
        response.close();
      } catch (IOException e) {
        request.cancel();
      }
    }
  }
}
