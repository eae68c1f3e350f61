package loom.testing;

import static loom.testing.ChainProbe.Outcome.ANSWERED;
import static loom.testing.ChainProbe.Outcome.CONTINUED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe itself, on filters that keep the chain contract and filters that break it each way, registered through
 * the probe's ServletContext in an embedded Tomcat, as InProcessGateway registers the gateway's.
 */
class ChainProbeTest {
  private static final ChainProbe PROBE = new ChainProbe();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Tomcat tomcat;

  @BeforeAll
  static void start(@TempDir Path base) throws LifecycleException, IOException {
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context =
        tomcat.addContext("", Files.createDirectories(base.resolve("docs")).toString());
    context.addServletContainerInitializer(ChainProbeTest::register, null);
    tomcat.start();
  }

  @AfterAll
  static void stop() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
  }

  @BeforeEach
  void forgetOutcomes() {
    PROBE.forgetOutcomes();
  }

  private static void register(Set<Class<?>> classes, ServletContext container) {
    ServletContext context = PROBE.around(container);
    add(context, "continues", new Continues(), "/continues");
    add(context, "answers", new Answers(), "/answers");
    add(context, "twice", new CallsTwice(), "/twice");
    add(context, "both", new AnswersAndContinues(), "/both");
    add(context, "neither", new DoesNeither(), "/neither");
    add(context, "async", new Continues(), "/async");
    ServletRegistration.Dynamic servlet = container.addServlet("ok", new Ok());
    servlet.setAsyncSupported(true);
    servlet.addMapping("/");
  }

  private static void add(ServletContext context, String name, Filter filter, String path) {
    FilterRegistration.Dynamic registration = context.addFilter(name, filter);
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(null, true, path);
  }

  @Test
  void filtersThatContinueOnceOrAnswerAloneKeepTheContractAndTheirOutcomesAreRecorded()
      throws Exception {
    assertThat(get("/continues").body()).isEqualTo("ok");
    assertThat(get("/answers").statusCode()).isEqualTo(401);
    // The servlet answers on another thread after the filter has returned: that answer is not the
    // filter's.
    assertThat(get("/async").body()).isEqualTo("ok later");

    PROBE.assertKept();
    assertThat(PROBE.outcomes())
        .isEqualTo(
            Map.of(
                "continues",
                Set.of(CONTINUED),
                "answers",
                Set.of(ANSWERED),
                "async",
                Set.of(CONTINUED)));
  }

  @Test
  void aSecondCallOfTheChainIsRefusedAndNamesTheFilter() throws Exception {
    assertThat(get("/twice").statusCode()).isEqualTo(500);

    assertThatThrownBy(PROBE::assertKept)
        .hasMessageContaining(
            "twice ("
                + CallsTwice.class.getName()
                + ") on GET /twice: called chain.doFilter 2 times");
  }

  @Test
  void aFilterThatAnswersAndContinuesIsNamed() throws Exception {
    get("/both");

    assertThatThrownBy(PROBE::assertKept)
        .hasMessageContaining(
            "both ("
                + AnswersAndContinues.class.getName()
                + ") on GET /both: answered (setStatus(403)) and continued");
  }

  @Test
  void aFilterThatNeitherAnswersNorContinuesIsNamed() throws Exception {
    get("/neither");

    assertThatThrownBy(PROBE::assertKept)
        .hasMessageContaining(
            "neither ("
                + DoesNeither.class.getName()
                + ") on GET /neither: neither answered nor continued the chain");
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path);
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final class Ok extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      if (!req.getRequestURI().equals("/async")) {
        res.getWriter().write("ok");
        return;
      }
      AsyncContext async = req.startAsync();
      async.start(
          () -> {
            try {
              async.getResponse().getWriter().write("ok later");
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
            async.complete();
          });
    }
  }

  private static final class Continues implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      ((HttpServletResponse) res).setHeader("X-Seen", "yes");
      chain.doFilter(req, res);
    }
  }

  private static final class Answers implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException {
      ((HttpServletResponse) res).setStatus(401);
      res.getWriter().write("no");
    }
  }

  private static final class CallsTwice implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      chain.doFilter(req, res);
      chain.doFilter(req, res);
    }
  }

  private static final class AnswersAndContinues implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      ((HttpServletResponse) res).setStatus(403);
      chain.doFilter(req, res);
    }
  }

  private static final class DoesNeither implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) {
      // Forgets the request.
    }
  }
}
