package loom.proxy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough of one servlet request and its response, recorded, to run the proxy's filters without a container. */
final class FakeCall {
  final String pathInfo;

  /** Header names as sent (lookups ignore case, as a container's do), each with its values. */
  final Map<String, List<String>> headers = new LinkedHashMap<>();

  final Map<String, Object> attributes = new HashMap<>();
  final ByteArrayOutputStream body = new ByteArrayOutputStream();
  int status = 200;
  boolean continued;

  FakeCall(String pathInfo) {
    this.pathInfo = pathInfo;
  }

  FakeCall header(String name, String value) {
    headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    return this;
  }

  String body() {
    return body.toString(StandardCharsets.UTF_8);
  }

  FilterChain chain() {
    return (req, res) -> continued = true;
  }

  private List<String> values(String name) {
    return headers.entrySet().stream()
        .filter(header -> header.getKey().equalsIgnoreCase(name))
        .flatMap(header -> header.getValue().stream())
        .toList();
  }

  HttpServletRequest request() {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            FakeCall.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (self, method, args) ->
                switch (method.getName()) {
                  case "getPathInfo" -> pathInfo;
                  case "getMethod" -> "POST";
                  case "getHeader" -> values((String) args[0]).stream().findFirst().orElse(null);
                  case "getHeaders" -> Collections.enumeration(values((String) args[0]));
                  case "getHeaderNames" ->
                      Collections.enumeration(new ArrayList<>(headers.keySet()));
                  case "getAttribute" -> attributes.get((String) args[0]);
                  case "setAttribute" -> attributes.put((String) args[0], args[1]);
                  case "hashCode" -> System.identityHashCode(self);
                  case "equals" -> self == args[0];
                  default ->
                      throw new UnsupportedOperationException(
                          "HttpServletRequest." + method.getName());
                });
  }

  HttpServletResponse response() {
    ServletOutputStream out =
        new ServletOutputStream() {
          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener listener) {}

          @Override
          public void write(int b) {
            body.write(b);
          }
        };
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            FakeCall.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (self, method, args) ->
                switch (method.getName()) {
                  case "setStatus" -> {
                    status = (Integer) args[0];
                    yield null;
                  }
                  case "getStatus" -> status;
                  case "getOutputStream" -> out;
                  case "resetBuffer",
                      "flushBuffer",
                      "setContentType",
                      "setCharacterEncoding",
                      "setContentLength",
                      "setHeader" ->
                      null;
                  case "isCommitted" -> false;
                  case "hashCode" -> System.identityHashCode(self);
                  case "equals" -> self == args[0];
                  default ->
                      throw new UnsupportedOperationException(
                          "HttpServletResponse." + method.getName());
                });
  }
}
