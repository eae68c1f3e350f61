package loom.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Changes to the filters an initializer registers, made on the ServletContext it registers them on (a decorator:
 * every other call goes to the container's context unchanged). For {@link InProcessGateway#start(String,
 * UnaryOperator)}: to watch every filter ({@link ChainProbe}), or to take one out of the chain, as a test of what the
 * filters behind it do when its precondition is missing.
 */
public final class FilterRegistrations {
  private static final Filter PASS =
      (request, response, chain) -> chain.doFilter(request, response);

  private FilterRegistrations() {}

  /** {@code context}, where {@code addFilter(name, filter)} registers {@code replace(name, filter)} instead. */
  public static ServletContext replacing(
      ServletContext context, BiFunction<String, Filter, Filter> replace) {
    return (ServletContext)
        Proxy.newProxyInstance(
            ServletContext.class.getClassLoader(),
            new Class<?>[] {ServletContext.class},
            (proxy, method, args) -> {
              Object[] actual = args;
              if (method.getName().equals("addFilter")
                  && args.length == 2
                  && args[1] instanceof Filter filter) {
                actual = new Object[] {args[0], replace.apply((String) args[0], filter)};
              }
              try {
                return method.invoke(context, actual);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** Registers, under {@code name}, a filter that only continues the chain instead of the one the gateway made. */
  public static UnaryOperator<ServletContext> without(String name) {
    return context ->
        replacing(context, (registered, filter) -> registered.equals(name) ? PASS : filter);
  }
}
