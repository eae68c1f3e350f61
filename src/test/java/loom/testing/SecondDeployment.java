package loom.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The built WAR deployed a second time on the running Tomcat 11 of the build, at its own context path
 * and with its own loom.yaml, through a context descriptor whose JNDI entry names the file (as
 * tomcat-conf/ shows admins). For tests of what a configuration does to a deploy.
 */
public final class SecondDeployment implements AutoCloseable {
  private static final Duration DEPLOY_WAIT = Duration.ofSeconds(120);

  private final String name;
  private final Path descriptor;
  private final String deployLog;

  private SecondDeployment(String name, Path descriptor, String deployLog) {
    this.name = name;
    this.descriptor = descriptor;
    this.deployLog = deployLog;
  }

  /** Deploys at {@code /name} with {@code yaml} as its configuration and waits until Tomcat is done. */
  public static SecondDeployment deploy(String name, String yaml, Path scratch)
      throws IOException, InterruptedException {
    Path config = Files.writeString(scratch.resolve(name + ".yaml"), yaml);
    // Tomcat ignores a docBase inside its appBase, so this deploy uses a copy from elsewhere.
    Path war =
        Files.copy(
            ContainerLog.tomcatBase().resolve("webapps").resolve("loom.war"),
            Files.createTempFile(scratch, name, ".war"),
            StandardCopyOption.REPLACE_EXISTING);
    Path descriptor = ContainerLog.tomcatBase().resolve("conf/Catalina/127.0.0.1/" + name + ".xml");
    ContainerLog log = ContainerLog.markNow();
    Files.writeString(
        descriptor,
        "<Context docBase=\""
            + war
            + "\">\n"
            + "  <Environment name=\"loom/config\" type=\"java.lang.String\" value=\""
            + config
            + "\" override=\"false\"/>\n"
            + "</Context>\n");
    String deployLog = log.awaitLine(name + ".xml] has finished", DEPLOY_WAIT);
    return new SecondDeployment(name, descriptor, deployLog);
  }

  /** What Tomcat logged while deploying it. */
  public String deployLog() {
    return deployLog;
  }

  /** A GET of a path under this deployment's context, with an optional API key. */
  public HttpResponse<String> get(String path, String key) {
    return send(request(path, key).GET());
  }

  /**
   * A POST of JSON to a path under this deployment's context, with an optional API key and extra request headers
   * (name, value, name, value, …).
   */
  public HttpResponse<String> postJson(String path, String key, String json, String... headers) {
    HttpRequest.Builder request =
        request(path, key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  /** A DELETE of a path under this deployment's context, with an optional API key. */
  public HttpResponse<String> delete(String path, String key) {
    return send(request(path, key).DELETE());
  }

  private HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(GatewayClient.base().replace("/loom", "/" + name) + path))
            .timeout(GatewayClient.TIMEOUT);
    if (key != null) {
      request.setHeader("Authorization", "Bearer " + key);
    }
    return request;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    return GatewayClient.anonymous().send(request.build());
  }

  /**
   * Removes the context descriptor, so Tomcat undeploys it, and returns at once with the container log
   * marked just before: for tests of what happens while the gateway stops. {@link #close} then does nothing.
   */
  public ContainerLog beginUndeploy() throws IOException {
    ContainerLog log = ContainerLog.markNow();
    Files.deleteIfExists(descriptor);
    return log;
  }

  /**
   * Undeploys it (unless {@link #beginUndeploy} did) and waits until Tomcat has begun to. An interrupt while waiting
   * is kept on the thread and ends the wait as an {@link InterruptedIOException}: a resource's close must not throw
   * InterruptedException, which try-with-resources could suppress.
   */
  @Override
  public void close() throws IOException {
    if (!Files.exists(descriptor)) {
      return;
    }
    ContainerLog log = ContainerLog.markNow();
    Files.deleteIfExists(descriptor);
    try {
      log.awaitLine("Undeploying context [/" + name + "]", DEPLOY_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while /" + name + " was undeploying");
    }
  }
}
