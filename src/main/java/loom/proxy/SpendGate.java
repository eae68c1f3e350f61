package loom.proxy;

import java.util.Optional;
import loom.auth.Caller;

/**
 * The enforced budgets a call must fit before it goes upstream: reserves its estimated cost, or says why not, and
 * settles what it cost when it ends. The budget filter holds a client's call to it; {@link DirectCalls} the calls
 * the gateway makes on someone's behalf (cache warming, provider embeddings), so those spend no more than the
 * caller's own calls may. Implemented by the alerts module. Thread-safe.
 */
public interface SpendGate {
  /** Enforces nothing: every call may spend. */
  SpendGate NONE = (caller, call) -> Admission.ADMITTED;

  /** Reserves {@code call}'s estimated cost against the enforced budgets of {@code caller}, or refuses it. */
  Admission admit(Caller caller, ProxyCall call);

  /** A call let through (to settle once it ended), or refused with the reason a client reads. */
  interface Admission {
    /** Let through, with nothing to settle. */
    Admission ADMITTED =
        new Admission() {
          @Override
          public Optional<String> refusal() {
            return Optional.empty();
          }

          @Override
          public void settle(ProxyCall call, int status) {}
        };

    /** Why the call may not start, naming the budget and whose it is; empty when it may. */
    Optional<String> refusal();

    /** Ends the call: what it cost (by its status and usage) counts instead of the estimate. No-op if refused. */
    void settle(ProxyCall call, int status);
  }
}
