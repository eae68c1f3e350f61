package loom.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Talks to the gateway deployed by the build, at the base URL the build passes as {@code loom.base}
 * (for example {@code http://127.0.0.1:PORT/loom}), or to one given base URL ({@link InProcessGateway#client}, an
 * Arquillian deployment's URL through {@link #at}), with an API key (the bootstrap admin's unless told).
 */
public final class GatewayClient {
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The bootstrap admin key of src/test/it/loom-it.yaml. */
  public static final String ADMIN_KEY = "lk-it-admin-key-0123456789abcdef";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base; // null: the one loom.base names, when a request is made
  private final String key;

  /** A client that sends the bootstrap admin's key. */
  public GatewayClient() {
    this(ADMIN_KEY);
  }

  /** A client that sends {@code key}, or no Authorization header at all when it is null. */
  public GatewayClient(String key) {
    this(null, key);
  }

  /** A client of the gateway at {@code base} (null: {@code loom.base}) that sends {@code key} (null: none). */
  public GatewayClient(String base, String key) {
    this.base = base;
    this.key = key;
  }

  /**
   * A client of the gateway deployed at {@code deployment} (an Arquillian deployment's URL, ending in a slash or
   * not) rather than at {@code loom.base}, sending {@code key} (none when null).
   */
  public static GatewayClient at(URL deployment, String key) {
    String url = deployment.toString();
    return new GatewayClient(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, key);
  }

  public static GatewayClient anonymous() {
    return new GatewayClient(null);
  }

  public static String base() {
    String base = System.getProperty("loom.base");
    if (base == null) {
      throw new IllegalStateException(
          "loom.base is not set: run the integration tests through `mvn verify`");
    }
    return base;
  }

  public static URI uri(String path) {
    return URI.create(base() + path);
  }

  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base == null ? uri(path) : URI.create(base + path)).timeout(TIMEOUT);
    if (key != null) {
      builder.setHeader("Authorization", "Bearer " + key);
    }
    return builder;
  }

  /** POSTs a JSON body; {@code headers} are name, value pairs and replace defaults of the same name. */
  public HttpResponse<String> postJson(String path, String json, String... headers) {
    return sendJson("POST", path, json, headers);
  }

  public HttpResponse<String> putJson(String path, String json) {
    return sendJson("PUT", path, json);
  }

  public HttpResponse<String> patchJson(String path, String json) {
    return sendJson("PATCH", path, json);
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  public HttpResponse<String> delete(String path) {
    return send(request(path).DELETE().build());
  }

  private HttpResponse<String> sendJson(
      String method, String path, String json, String... headers) {
    HttpRequest.Builder builder =
        request(path)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.setHeader(headers[i], headers[i + 1]);
    }
    return send(builder.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a request whose body is read as it arrives (for streams). */
  public HttpResponse<InputStream> stream(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      try {
        return http.send(request, handler);
      } catch (IOException e) {
        if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
          throw e;
        }
        // A pooled keep-alive connection the container had just closed (Jetty's idle timeout): the
        // request never got an answer. The JDK client retries only GETs on its own; any method is
        // safe to send once more.
        return http.send(request, handler);
      }
    } catch (IOException e) {
      throw new IllegalStateException("request to the gateway failed: " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String chatBody(String model, String prompt, boolean stream) {
    return "{\"model\":\""
        + model
        + "\",\"stream\":"
        + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\""
        + prompt
        + "\"}]}";
  }
}
