package loom.testing;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import loom.bootstrap.GatewayInitializer;
import loom.config.ConfigLoader;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.WebXml;
import org.apache.tomcat.util.descriptor.web.WebXmlParser;
import org.xml.sax.InputSource;

/**
 * The gateway as a deploy builds it ({@link GatewayInitializer}: the real Gateway, filter chain, servlets and
 * Jersey's {@code /api/v1}) in an embedded Tomcat 10.1 on 127.0.0.1 at a free port, context path {@code /loom}
 * (the next ones in the JVM {@code /loom-2}, …), inside the test JVM: for fast tests of what the gateway answers over HTTP. Its loom.yaml is written into a
 * LOOM_HOME of its own (a temp folder that also holds its SQLite store, unless the YAML names a store), which the
 * gateway finds through {@code -Dloom.config} and {@code -Dloom.home}, set only while it deploys. (Not through JNDI,
 * as tomcat-conf/ shows admins: two embedded Tomcats with naming in one JVM claim the same class loader for their
 * global naming context, and the second one's gateway finds no configuration.) Of the WAR's web.xml it takes what
 * the initializer's filters and servlets rely on: the context parameters, the error page and the request encoding;
 * and the container's default servlet, as every WAR gets it, over an empty folder. The dashboard (Faces, CDI and the
 * Faces servlet) is left out: it needs the whole WAR, and the container ITs cover it. Its filter is registered and
 * answers as in the WAR; what it lets through to Faces, the default servlet answers with a 404.
 *
 * <p>Starts in about a second. {@link #close()} stops it, deletes its home and fails if a thread the gateway
 * started is still running.
 */
public final class InProcessGateway implements AutoCloseable {
  /**
   * How many gateways this JVM has started: each gets a context path of its own ({@code /loom}, {@code /loom-2}, …),
   * as deployments on one server do, since the gateway names its JCache manager and MBeans after its context path
   * and all gateways in process share one class loader (so one caching provider).
   */
  private static final AtomicInteger STARTED = new AtomicInteger();

  /** The IT configuration, with the placeholders the build would resolve. */
  private static final Path IT_CONFIG = Path.of("src/test/it/loom-it.yaml");

  private static final Path WEB_XML = Path.of("webapp/WEB-INF/web.xml");
  private static final long THREAD_GRACE_MILLIS = 5_000;

  /** The JDK's own shared pools, which keep an idle thread a while after whoever used them last. */
  private static final Pattern JDK_POOLS =
      Pattern.compile("process reaper|ForkJoinPool\\.commonPool-worker-\\d+");

  private final Tomcat tomcat;
  private final Context context;
  private final Path home;
  private final ThreadsSince threadsBefore;
  private final List<Driver> driversBefore;
  private final ClassLoader webappLoader;

  private InProcessGateway(
      Tomcat tomcat,
      Context context,
      Path home,
      ThreadsSince threadsBefore,
      List<Driver> driversBefore) {
    this.tomcat = tomcat;
    this.context = context;
    this.home = home;
    this.threadsBefore = threadsBefore;
    this.driversBefore = driversBefore;
    this.webappLoader = context.getLoader().getClassLoader();
  }

  /** Starts a gateway configured by {@code yaml}; a failed start throws what the gateway threw. */
  public static InProcessGateway start(String yaml) {
    return start(yaml, UnaryOperator.identity());
  }

  /** Starts a gateway configured by {@code yaml} with every filter its initializer registers watched by {@code probe}. */
  public static InProcessGateway start(String yaml, ChainProbe probe) {
    return start(yaml, probe::around);
  }

  /**
   * Starts a gateway whose initializer registers its filters and servlets on {@code decorate(the container's
   * context)} (see {@link FilterRegistrations}).
   */
  public static InProcessGateway start(String yaml, UnaryOperator<ServletContext> decorate) {
    ThreadsSince threadsBefore = ThreadsSince.now();
    List<Driver> driversBefore = Collections.list(DriverManager.getDrivers());
    Path home;
    try {
      home = Files.createTempDirectory("loom-home-");
      Files.writeString(home.resolve("loom.yaml"), yaml);
      Files.createDirectories(home.resolve("webapp"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(home.resolve("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    int number = STARTED.incrementAndGet();
    Context context =
        tomcat.addContext(
            number == 1 ? "/loom" : "/loom-" + number, home.resolve("webapp").toString());
    WebXml webXml = webXml();
    webXml.getContextParams().forEach(context::addParameter);
    webXml.getErrorPages().values().forEach(context::addErrorPage);
    context.setRequestCharacterEncoding(webXml.getRequestCharacterEncoding());
    // The container's default servlet, as the containers' own web.xml gives every WAR; over an
    // empty folder here.
    Tomcat.addServlet(context, "default", new DefaultServlet())
        .addInitParameter("listings", "false");
    context.addServletMapping("/", "default");
    Startup startup = new Startup(decorate);
    context.addServletContainerInitializer(startup, null);
    LifecycleException failed = null;
    // The gateway reads these once, while it deploys (ConfigLoader): set for that moment only, one
    // gateway at a time.
    synchronized (InProcessGateway.class) {
      String configBefore =
          System.setProperty(ConfigLoader.CONFIG_PROPERTY, home.resolve("loom.yaml").toString());
      String homeBefore = System.setProperty(ConfigLoader.HOME_PROPERTY, home.toString());
      try {
        tomcat.start();
      } catch (LifecycleException e) {
        failed = e;
      } finally {
        restore(ConfigLoader.CONFIG_PROPERTY, configBefore);
        restore(ConfigLoader.HOME_PROPERTY, homeBefore);
      }
    }
    if (failed != null || context.getState() != LifecycleState.STARTED) {
      stop(tomcat);
      deleteQuietly(home);
      throw new IllegalStateException(
          "the gateway did not start", startup.failure != null ? startup.failure : failed);
    }
    return new InProcessGateway(tomcat, context, home, threadsBefore, driversBefore);
  }

  /**
   * src/test/it/loom-it.yaml, the configuration the ITs deploy the WAR with, its placeholders resolved as the build
   * would: providers on {@code upstream}, the provider "down" and alert mail on ports nothing listens on.
   */
  public static String itConfig(FakeUpstream upstream) {
    return itConfig(upstream, freePort());
  }

  /** {@link #itConfig(FakeUpstream)} with alert mail to 127.0.0.1:{@code smtpPort}. */
  public static String itConfig(FakeUpstream upstream, int smtpPort) {
    try {
      return Files.readString(IT_CONFIG)
          .replace("${it.upstream.port}", Integer.toString(upstream.port()))
          .replace("${it.smtp.port}", Integer.toString(smtpPort))
          .replace("${it.closed.port}", Integer.toString(freePort()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port of 127.0.0.1 nothing listens on (just now). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:PORT/loom} (or {@code /loom-N}, see {@link #STARTED}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + context.getPath();
  }

  /** Its LOOM_HOME: loom.yaml, and loom.db unless the configuration names another store. */
  public Path home() {
    return home;
  }

  /** A client that sends the IT configuration's admin key. */
  public GatewayClient client() {
    return client(GatewayClient.ADMIN_KEY);
  }

  /** A client that sends {@code key} (null: none). */
  public GatewayClient client(String key) {
    return new GatewayClient(baseUrl(), key);
  }

  /**
   * The filters the gateway registered, in the order the container applies them (the order of its filter mappings),
   * each as the gateway made it (not a {@link ChainProbe}'s wrapper).
   */
  public List<RegisteredFilter> filters() {
    return Arrays.stream(context.findFilterMaps())
        .map(
            mapping -> {
              FilterDef definition = context.findFilterDef(mapping.getFilterName());
              return new RegisteredFilter(
                  mapping.getFilterName(),
                  ChainProbe.unwrap(definition.getFilter()).getClass(),
                  List.of(mapping.getURLPatterns()),
                  Set.of(mapping.getDispatcherNames()),
                  Boolean.parseBoolean(definition.getAsyncSupported()));
            })
        .toList();
  }

  /** A filter mapping as the container holds it. */
  public record RegisteredFilter(
      String name,
      Class<?> type,
      List<String> urlPatterns,
      Set<String> dispatchers,
      boolean asyncSupported) {}

  /** The servlets the gateway registered, by URL pattern. */
  public Map<String, String> servletMappings() {
    Map<String, String> mappings = new TreeMap<>();
    for (String pattern : context.findServletMappings()) {
      mappings.put(pattern, context.findServletMapping(pattern));
    }
    return mappings;
  }

  /**
   * Undeploys the gateway and stops Tomcat, then checks that every thread the gateway started has ended: those that
   * hold its web application's class loader, as Tomcat's own leak check finds them (threads named loom-* may belong
   * to another gateway of this JVM).
   */
  @Override
  public void close() {
    stop(tomcat);
    // GatewayInitializer unregisters the JDBC drivers of its class loader at undeploy, as a WAR
    // must; in process that is the test JVM's own, whose other tests still need them.
    Set<Driver> registered = Set.copyOf(Collections.list(DriverManager.getDrivers()));
    for (Driver driver : driversBefore) {
      if (!registered.contains(driver)) {
        try {
          DriverManager.registerDriver(driver);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    List<Thread> left = threadsLeft();
    deleteQuietly(home);
    if (!left.isEmpty()) {
      throw new AssertionError(
          "threads of the gateway still running after close: "
              + left.stream().map(Thread::getName).sorted().toList());
    }
  }

  /**
   * {@link #close()}, where the thread named {@code known} may outlive the gateway: a leak known and written down
   * where this is called. Any other thread left behind still fails.
   */
  public void closeAllowing(String known) {
    try {
      close();
    } catch (AssertionError e) {
      if (!String.valueOf(e.getMessage()).endsWith("still running after close: [" + known + "]")) {
        throw e;
      }
    }
  }

  private List<Thread> threadsLeft() {
    long deadline = System.currentTimeMillis() + THREAD_GRACE_MILLIS;
    List<Thread> started =
        threadsBefore.started().stream()
            .filter(thread -> thread.getContextClassLoader() == webappLoader)
            .filter(thread -> !JDK_POOLS.matcher(thread.getName()).matches())
            .toList();
    for (Thread thread : started) {
      try {
        thread.join(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return started.stream().filter(Thread::isAlive).toList();
  }

  /** The WAR's web.xml, read by Tomcat's own parser. */
  private static WebXml webXml() {
    WebXml webXml = new WebXml();
    if (!new WebXmlParser(false, false, true)
        .parseWebXml(new InputSource(WEB_XML.toUri().toString()), webXml, false)) {
      throw new IllegalStateException("cannot parse " + WEB_XML);
    }
    return webXml;
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  private static void stop(Tomcat tomcat) {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException("embedded Tomcat did not stop", e);
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // A temp folder: what is left the system cleans.
    }
  }

  /**
   * Deploys the gateway as web.xml's listener would, on the context it starts with (an initializer, so that it may
   * register filters and servlets), and undeploys it when the context is destroyed.
   */
  private static final class Startup implements ServletContainerInitializer {
    private final UnaryOperator<ServletContext> decorate;
    private final GatewayInitializer initializer = new GatewayInitializer();
    private volatile RuntimeException failure;

    Startup(UnaryOperator<ServletContext> decorate) {
      this.decorate = decorate;
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
      try {
        initializer.contextInitialized(new ServletContextEvent(decorate.apply(ctx)));
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
      ctx.addListener(
          new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
              initializer.contextDestroyed(event);
            }
          });
    }
  }
}
