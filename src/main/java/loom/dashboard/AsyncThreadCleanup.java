package loom.dashboard;

import com.sun.faces.application.ApplicationAssociate;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Keeps the dashboard's Faces implementation from leaving a ThreadLocal on the container's threads through
 * requests it has nothing to do with. Mojarra's request listener puts its ApplicationAssociate into a
 * ThreadLocal when every request starts and removes it when the request ends; a request that goes async (the
 * proxy's) ends on another thread, so the value would stay on the thread that started it, and Tomcat reports
 * it as a leak at undeploy. This filter, in front of the async servlets, removes it from that thread as soon
 * as the request has gone async. (Weld is kept off such requests by its context mapping in web.xml.)
 */
public final class AsyncThreadCleanup extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(request, response);
    } finally {
      if (request.isAsyncStarted()) {
        ApplicationAssociate.setCurrentInstance(null);
      }
    }
  }
}
