package loom.dashboard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough of the Servlet API, recorded, to run DashboardFilter without a container. */
final class FakeHttp {
  private FakeHttp() {}

  static final class Session {
    final Map<String, Object> attributes = new HashMap<>();
    boolean invalidated;

    HttpSession proxy() {
      return (HttpSession)
          Proxy.newProxyInstance(
              FakeHttp.class.getClassLoader(),
              new Class<?>[] {HttpSession.class},
              (self, method, args) ->
                  switch (method.getName()) {
                    case "getAttribute" ->
                        invalidated
                            ? fail("session invalidated")
                            : attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "invalidate" -> {
                      invalidated = true;
                      attributes.clear();
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> fail("unexpected HttpSession." + method.getName());
                  });
    }
  }

  static final class Request {
    String method = "GET";
    String servletPath;
    String pathInfo;
    final Map<String, String> headers = new HashMap<>();
    final Map<String, String> parameters = new HashMap<>();
    Session session;
    String forwardedTo;

    /** How the container chose the servlet: Faces by {@code *.xhtml} unless a test says otherwise. */
    jakarta.servlet.http.MappingMatch mappingMatch = jakarta.servlet.http.MappingMatch.EXTENSION;

    Request(String servletPath) {
      this.servletPath = servletPath;
    }

    private jakarta.servlet.http.HttpServletMapping mapping() {
      return new jakarta.servlet.http.HttpServletMapping() {
        @Override
        public String getMatchValue() {
          return "";
        }

        @Override
        public String getPattern() {
          return mappingMatch == jakarta.servlet.http.MappingMatch.EXTENSION
              ? "*.xhtml"
              : servletPath + "/*";
        }

        @Override
        public String getServletName() {
          return mappingMatch == jakarta.servlet.http.MappingMatch.EXTENSION ? "faces" : "other";
        }

        @Override
        public jakarta.servlet.http.MappingMatch getMappingMatch() {
          return mappingMatch;
        }
      };
    }

    HttpServletRequest proxy() {
      return (HttpServletRequest)
          Proxy.newProxyInstance(
              FakeHttp.class.getClassLoader(),
              new Class<?>[] {HttpServletRequest.class},
              (self, m, args) ->
                  switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> servletPath;
                    case "getHttpServletMapping" -> mapping();
                    case "getPathInfo" -> pathInfo;
                    case "getContextPath" -> "/loom";
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getParameter" -> parameters.get((String) args[0]);
                    case "getSession" ->
                        session == null || session.invalidated ? null : session.proxy();
                    case "getRequestDispatcher" -> dispatcher((String) args[0]);
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> fail("unexpected HttpServletRequest." + m.getName());
                  });
    }

    private RequestDispatcher dispatcher(String path) {
      return (RequestDispatcher)
          Proxy.newProxyInstance(
              FakeHttp.class.getClassLoader(),
              new Class<?>[] {RequestDispatcher.class},
              (self, m, args) -> {
                if (m.getName().equals("forward")) {
                  forwardedTo = path;
                  return null;
                }
                return fail("unexpected RequestDispatcher." + m.getName());
              });
    }
  }

  static final class Response {
    int status = 200;
    String redirect;
    Integer error;
    String contentType;
    final Map<String, List<String>> headers = new LinkedHashMap<>();
    final StringWriter body = new StringWriter();

    HttpServletResponse proxy() {
      return (HttpServletResponse)
          Proxy.newProxyInstance(
              FakeHttp.class.getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (self, m, args) ->
                  switch (m.getName()) {
                    case "setHeader" ->
                        headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                    case "addHeader" ->
                        headers
                            .computeIfAbsent((String) args[0], k -> new ArrayList<>())
                            .add((String) args[1]);
                    case "getHeader" ->
                        headers.containsKey((String) args[0])
                            ? headers.get((String) args[0]).get(0)
                            : null;
                    case "getHeaders" -> headers.getOrDefault((String) args[0], List.of());
                    case "containsHeader" -> headers.containsKey((String) args[0]);
                    case "setStatus" -> {
                      status = (Integer) args[0];
                      yield null;
                    }
                    case "getStatus" -> status;
                    case "sendRedirect" -> {
                      status = 302;
                      redirect = (String) args[0];
                      yield null;
                    }
                    case "sendError" -> {
                      status = (Integer) args[0];
                      error = status;
                      yield null;
                    }
                    case "setContentType" -> {
                      contentType = (String) args[0];
                      yield null;
                    }
                    case "setCharacterEncoding" -> null;
                    case "getWriter" -> new PrintWriter(body, true);
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> fail("unexpected HttpServletResponse." + m.getName());
                  });
    }

    String header(String name) {
      return headers.containsKey(name) ? String.join(" | ", headers.get(name)) : null;
    }
  }

  /** A chain that records that the request went on, and the response object it went on with. */
  static final class Chain implements FilterChain {
    boolean called;
    jakarta.servlet.ServletResponse response;

    @Override
    public void doFilter(
        jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response) {
      called = true;
      this.response = response;
    }
  }

  static FilterConfig config(String policy) {
    ServletContext context =
        (ServletContext)
            Proxy.newProxyInstance(
                FakeHttp.class.getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (self, m, args) ->
                    switch (m.getName()) {
                      case "getInitParameter" ->
                          SecurityHeaders.POLICY_PARAMETER.equals(args[0]) ? policy : null;
                      default -> fail("unexpected ServletContext." + m.getName());
                    });
    return (FilterConfig)
        Proxy.newProxyInstance(
            FakeHttp.class.getClassLoader(),
            new Class<?>[] {FilterConfig.class},
            (self, m, args) ->
                switch (m.getName()) {
                  case "getServletContext" -> context;
                  case "getFilterName" -> "loom-dashboard";
                  default -> fail("unexpected FilterConfig." + m.getName());
                });
  }

  private static <T> T fail(String message) {
    throw new AssertionError(message);
  }
}
