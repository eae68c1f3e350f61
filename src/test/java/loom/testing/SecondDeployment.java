package loom.testing;

import java.io.IOException;
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
  private static final Duration DEPLOY_WAIT = Duration.ofSeconds(45);

  private final String name;
  private final Path descriptor;
  private final String deployLog;

  private SecondDeployment(String name, Path descriptor, String deployLog) {
    this.name = name;
    this.descriptor = descriptor;
    this.deployLog = deployLog;
  }

  /** Deploys at {@code /name} with {@code yaml} as its configuration and waits until Tomcat is done. */
  public static SecondDeployment deploy(String name, String yaml, Path scratch) throws IOException, InterruptedException {
    Path config = Files.writeString(scratch.resolve(name + ".yaml"), yaml);
    // Tomcat ignores a docBase inside its appBase, so this deploy uses a copy from elsewhere.
    Path war = Files.copy(ContainerLog.tomcatBase().resolve("webapps").resolve("loom.war"),
        Files.createTempFile(scratch, name, ".war"), StandardCopyOption.REPLACE_EXISTING);
    Path descriptor = ContainerLog.tomcatBase().resolve("conf/Catalina/127.0.0.1/" + name + ".xml");
    ContainerLog log = ContainerLog.markNow();
    Files.writeString(descriptor, "<Context docBase=\"" + war + "\">\n"
        + "  <Environment name=\"loom/config\" type=\"java.lang.String\" value=\"" + config + "\" override=\"false\"/>\n"
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
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GatewayClient.base().replace("/loom", "/" + name) + path))
        .timeout(GatewayClient.TIMEOUT).GET();
    if (key != null) {
      request.setHeader("Authorization", "Bearer " + key);
    }
    return GatewayClient.anonymous().send(request.build());
  }

  /** Undeploys it and waits until Tomcat has. */
  @Override
  public void close() throws IOException, InterruptedException {
    ContainerLog log = ContainerLog.markNow();
    Files.deleteIfExists(descriptor);
    log.awaitLine("Undeploying context [/" + name + "]", DEPLOY_WAIT);
  }
}
