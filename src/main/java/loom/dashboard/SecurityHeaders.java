package loom.dashboard;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The security headers of every dashboard response. The Content-Security-Policy of a page carries a fresh
 * nonce for its scripts, which only PrimeFaces knows: with {@code primefaces.CSP} on, it adds the header itself
 * while rendering, from the policy of the {@code primefaces.CSP_POLICY} context parameter (web.xml, the one
 * place the policy is written) followed by {@code 'nonce-…'}. Every response first gets that policy without a
 * nonce, which no inline script passes; the page's own header then replaces it (see {@link #oneCsp}).
 */
final class SecurityHeaders {
  static final String CSP = "Content-Security-Policy";

  /** The context parameter that holds the policy; it must end with the script-src PrimeFaces adds its nonce to. */
  static final String POLICY_PARAMETER = "primefaces.CSP_POLICY";

  private static final String SCRIPT_SRC = "script-src 'self'";

  private SecurityHeaders() {}

  /**
   * The policy for responses without a nonce, from the configured one.
   *
   * @throws IllegalArgumentException when the configured policy is missing or would not protect the pages
   */
  static String baselinePolicy(String configured) {
    String policy = configured == null ? "" : configured.strip().replaceAll("\\s+", " ");
    if (!policy.endsWith(SCRIPT_SRC)
        || !policy.contains("frame-ancestors 'none'")
        || !policy.contains("default-src 'self'")
        || !policy.contains("object-src 'none'")) {
      throw new IllegalArgumentException(
          POLICY_PARAMETER
              + " must contain default-src 'self', object-src 'none' "
              + "and frame-ancestors 'none', and end with "
              + SCRIPT_SRC
              + " (PrimeFaces appends the nonce there), "
              + "not: "
              + configured);
    }
    return policy + ";";
  }

  /** Sets the headers; {@code page} also forbids caching, since pages show private data. */
  static void apply(HttpServletResponse response, String policy, boolean page) {
    response.setHeader(CSP, policy);
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    if (page) {
      response.setHeader("Cache-Control", "no-store");
    }
  }

  /**
   * The response with a single Content-Security-Policy: adding one (as PrimeFaces does, with its nonce) replaces
   * the baseline. Two headers would both be enforced, and the baseline's would block the page's own scripts.
   */
  static HttpServletResponse oneCsp(HttpServletResponse response) {
    return new HttpServletResponseWrapper(response) {
      @Override
      public void addHeader(String name, String value) {
        if (CSP.equalsIgnoreCase(name)) {
          setHeader(name, value);
        } else {
          super.addHeader(name, value);
        }
      }
    };
  }
}
