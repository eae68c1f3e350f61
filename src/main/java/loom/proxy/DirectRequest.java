package loom.proxy;

import java.util.Objects;
import loom.auth.Caller;

/**
 * A call the gateway makes on a user's behalf without an HTTP request of theirs (cache warming): to one of the proxy's
 * endpoints, with a body as a client would send it, routed as the proxy routes it.
 *
 * @param body the request body's bytes, as a client would send them
 * @param provider what an {@code X-Loom-Provider} header would say, or null
 * @param caller whose call it is: their key's model policy applies and the request log attributes it to them
 * @param attribution the call's team, session, client tool and tags for the request log
 * @param captureLimit the largest answer kept whole for the cache (bytes); a larger one is relayed but not kept
 */
public record DirectRequest(
    Endpoint endpoint,
    byte[] body,
    String provider,
    Caller caller,
    Attribution attribution,
    long captureLimit) {
  public DirectRequest {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(caller, "caller");
    attribution = attribution == null ? Attribution.NONE : attribution;
  }
}
