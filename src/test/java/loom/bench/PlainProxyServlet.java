package loom.bench;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The least a Java proxy servlet can do, for bench/proxy-overhead.sh: read the body, send it with the HTTP
 * client the gateway uses (Apache HttpClient 5 classic, pooled keep-alive connections), write the answer back
 * on the same thread. No key check, no log, no price, no cache. Deployed in the bench's Tomcat next to the
 * gateway, it measures what the container and the client cost before any gateway feature: the floor a servlet
 * gateway can reach on this machine. The upstream is {@code -Dloom.bench.upstream} (a base URL ending in /v1).
 * Not part of the WAR.
 */
@WebServlet(urlPatterns = "/v1/*", loadOnStartup = 1)
public final class PlainProxyServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private transient CloseableHttpClient client;
  private String upstream;

  @Override
  public void init(ServletConfig config) {
    upstream = System.getProperty("loom.bench.upstream");
    client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(200)
                    .setMaxConnPerRoute(200)
                    .build())
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableContentCompression()
            .build();
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    HttpPost post = new HttpPost(upstream + req.getPathInfo());
    post.setEntity(
        new ByteArrayEntity(req.getInputStream().readAllBytes(), ContentType.APPLICATION_JSON));
    try (ClassicHttpResponse answer = client.executeOpen(null, post, null)) {
      byte[] body = EntityUtils.toByteArray(answer.getEntity());
      res.setStatus(answer.getCode());
      res.setContentType("application/json");
      res.setContentLength(body.length);
      res.getOutputStream().write(body);
    }
  }

  @Override
  public void destroy() {
    try {
      client.close();
    } catch (IOException e) {
      // Undeploying anyway.
    }
  }
}
