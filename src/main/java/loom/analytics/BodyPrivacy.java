package loom.analytics;

import java.util.Objects;
import loom.config.PrivacyConfig;

/**
 * Decides what of a request or response body is stored with its log row: nothing unless that kind of body
 * is switched on, otherwise the body redacted and then cut to {@code privacy.max_body_length} characters
 * plus a {@code …[TRUNCATED n chars]} marker. Immutable and thread-safe.
 *
 * <p>Redaction comes first on purpose: cutting first could split a secret at the cut, leaving a head
 * (say {@code sk-proj-abc…} or {@code bob@exa}) too short to be recognised but still sensitive.
 */
final class BodyPrivacy {
  /**
   * Characters read past {@code max_body_length} before redacting, so a secret that straddles the cut is
   * still seen whole; longer than any built-in kind's value, and long tokens are recognised by their head.
   */
  static final int SCAN_MARGIN = 512;

  private final boolean keepRequests;
  private final boolean keepResponses;
  private final int maxLength;
  private final Redactor redactor;

  BodyPrivacy(PrivacyConfig config, Redactor redactor) {
    this.keepRequests = config.logRequestBodies();
    this.keepResponses = config.logResponseBodies();
    this.maxLength = Math.max(0, config.maxBodyLength());
    this.redactor = Objects.requireNonNull(redactor, "redactor");
  }

  /** What to store of a request body, or {@code null} (nullable column) when nothing is to be stored. */
  String requestBodyForStorage(String body) {
    return keepRequests ? forStorage(body) : null;
  }

  /** What to store of a response body, or {@code null} (nullable column) when nothing is to be stored. */
  String responseBodyForStorage(String body) {
    return keepResponses ? forStorage(body) : null;
  }

  private String forStorage(String body) {
    if (body == null || body.isEmpty() || maxLength == 0) {
      return null;
    }
    // Bound the work on huge bodies: only what can be stored, plus the margin, is redacted.
    int scanned = (int) Math.min(body.length(), (long) maxLength + SCAN_MARGIN);
    String redacted = redactor.redact(body.substring(0, scanned));
    int unscanned = body.length() - scanned;
    if (redacted.length() <= maxLength && unscanned == 0) {
      return redacted;
    }
    int cut = safeCut(redacted, Math.min(maxLength, redacted.length()));
    // Counted on the redacted text where it was scanned and on the original beyond that.
    long dropped = (long) redacted.length() - cut + unscanned;
    return redacted.substring(0, cut) + "…[TRUNCATED " + dropped + " chars]";
  }

  /** Moves a cut back so it splits neither a marker such as {@code [REDACTED:email]} nor a surrogate pair. */
  private static int safeCut(String text, int cut) {
    int markerStart = text.lastIndexOf("[REDACTED:", cut - 1);
    if (markerStart >= 0 && text.indexOf(']', markerStart) >= cut) {
      return markerStart;
    }
    if (cut > 0 && cut < text.length() && Character.isHighSurrogate(text.charAt(cut - 1))) {
      return cut - 1;
    }
    return cut;
  }
}
