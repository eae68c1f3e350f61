package loom.proxy;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A response held in memory, for a call the gateway makes on its own behalf ({@link DirectCalls}): the relay and
 * the error writers write to it as they would to a client, and nothing leaves the process. Never committed, so an
 * error may always replace what was written. Used by one thread.
 */
final class BufferedResponse implements HttpServletResponse {
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private int status = SC_OK;
  private String contentType;
  private String characterEncoding = StandardCharsets.UTF_8.name();
  private final ServletOutputStream out =
      new ServletOutputStream() {
        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          throw new IllegalStateException("a buffered response is written blocking");
        }

        @Override
        public void write(int b) {
          body.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
          body.write(bytes, offset, length);
        }
      };

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public void setStatus(int sc) {
    status = sc;
  }

  @Override
  public void sendError(int sc, String msg) {
    status = sc;
  }

  @Override
  public void sendError(int sc) {
    status = sc;
  }

  @Override
  public void sendRedirect(String location) {
    throw new IllegalStateException("a buffered response does not redirect");
  }

  @Override
  public void addCookie(Cookie cookie) {
    // A gateway's own call has no client to keep cookies.
  }

  @Override
  public boolean containsHeader(String name) {
    return getHeader(name) != null;
  }

  @Override
  public String encodeURL(String url) {
    return url;
  }

  @Override
  public String encodeRedirectURL(String url) {
    return url;
  }

  @Override
  public void setDateHeader(String name, long date) {
    setHeader(name, Long.toString(date));
  }

  @Override
  public void addDateHeader(String name, long date) {
    addHeader(name, Long.toString(date));
  }

  @Override
  public void setHeader(String name, String value) {
    headers.remove(name.toLowerCase(Locale.ROOT));
    addHeader(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
  }

  @Override
  public void setIntHeader(String name, int value) {
    setHeader(name, Integer.toString(value));
  }

  @Override
  public void addIntHeader(String name, int value) {
    addHeader(name, Integer.toString(value));
  }

  @Override
  public String getHeader(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public Collection<String> getHeaders(String name) {
    return List.copyOf(headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
  }

  @Override
  public Collection<String> getHeaderNames() {
    return List.copyOf(headers.keySet());
  }

  @Override
  public String getCharacterEncoding() {
    return characterEncoding;
  }

  @Override
  public String getContentType() {
    return contentType;
  }

  @Override
  public ServletOutputStream getOutputStream() {
    return out;
  }

  @Override
  public PrintWriter getWriter() {
    return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
  }

  @Override
  public void setCharacterEncoding(String charset) {
    characterEncoding = charset;
  }

  @Override
  public void setContentLength(int len) {
    // The body's own length is what was written.
  }

  @Override
  public void setContentLengthLong(long len) {
    // As setContentLength.
  }

  @Override
  public void setContentType(String type) {
    contentType = type;
  }

  @Override
  public void setBufferSize(int size) {
    // Everything is buffered.
  }

  @Override
  public int getBufferSize() {
    return Integer.MAX_VALUE;
  }

  @Override
  public void flushBuffer() {
    // Nothing to flush to.
  }

  @Override
  public void resetBuffer() {
    body.reset();
  }

  @Override
  public boolean isCommitted() {
    return false;
  }

  @Override
  public void reset() {
    body.reset();
    headers.clear();
    status = SC_OK;
    contentType = null;
  }

  @Override
  public void setLocale(Locale loc) {
    // No text is localised here.
  }

  @Override
  public Locale getLocale() {
    return Locale.ROOT;
  }
}
