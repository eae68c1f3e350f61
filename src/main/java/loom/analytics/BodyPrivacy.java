package loom.analytics;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import loom.config.PrivacyConfig;

/**
 * Decides what of a request or response body is stored with its log row: nothing unless that kind of body
 * is switched on, otherwise the body redacted and then cut to {@code privacy.max_body_length} characters
 * plus a {@code …[TRUNCATED n chars]} marker. Immutable and thread-safe.
 *
 * <p>The work is split so that the request thread only pays for a substring: {@link #capture} keeps what
 * could be stored plus {@link #SCAN_MARGIN} (and a marker counting the rest), and the writer thread turns
 * that into the stored text with {@link #redactForStorage} (redaction costs tens of microseconds per body).
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

  private static final Pattern CAPTURE_MARKER = Pattern.compile("…\\[TRUNCATED (\\d+) chars]$");

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

  /** What to store of a request body, or {@code null} when nothing is to be stored; both steps at once. */
  String requestBodyForStorage(String body) {
    return redactForStorage(captureRequest(body));
  }

  /** What to store of a response body, or {@code null} when nothing is to be stored; both steps at once. */
  String responseBodyForStorage(String body) {
    return redactForStorage(captureResponse(body));
  }

  /** On the request thread: the part of a request body that may be stored, not yet redacted; or null. */
  String captureRequest(String body) {
    return keepRequests ? capture(body) : null;
  }

  /** On the request thread: the part of a response body that may be stored, not yet redacted; or null. */
  String captureResponse(String body) {
    return keepResponses ? capture(body) : null;
  }

  /**
   * On the writer thread: the log with its captured bodies redacted and cut to what is stored, and its error
   * message redacted whatever the body settings: a provider's error can quote the request it refused.
   */
  RequestLog redactTexts(RequestLog log) {
    if (log.errorMessage() == null && log.requestBody() == null && log.responseBody() == null) {
      return log;
    }
    String error = log.errorMessage() == null ? null : redactor.redact(log.errorMessage());
    return log.withTexts(
        error, redactForStorage(log.requestBody()), redactForStorage(log.responseBody()));
  }

  /** The first {@code max_body_length + SCAN_MARGIN} characters, and a marker counting the rest if any. */
  private String capture(String body) {
    if (body == null || body.isEmpty() || maxLength == 0) {
      return null;
    }
    int scanned = (int) Math.min(body.length(), (long) maxLength + SCAN_MARGIN);
    if (scanned < body.length() && Character.isHighSurrogate(body.charAt(scanned - 1))) {
      scanned--;
    }
    return scanned == body.length()
        ? body
        : body.substring(0, scanned) + marker(body.length() - scanned);
  }

  /** Redacts a captured body, then cuts it to {@code max_body_length}; null stays null. */
  String redactForStorage(String captured) {
    if (captured == null) {
      return null;
    }
    // Only a capture that was cut is longer than the scan limit: it ends in the marker counting the
    // rest.
    String head = captured;
    long unscanned = 0;
    Matcher marker = CAPTURE_MARKER.matcher(captured);
    if (captured.length() > maxLength + SCAN_MARGIN && marker.find()) {
      head = captured.substring(0, marker.start());
      unscanned = Long.parseLong(marker.group(1));
    }
    String redacted = redactor.redact(head);
    if (redacted.length() <= maxLength && unscanned == 0) {
      return redacted;
    }
    int cut = safeCut(redacted, Math.min(maxLength, redacted.length()));
    // Counted on the redacted text where it was scanned and on the original beyond that.
    return redacted.substring(0, cut) + marker(redacted.length() - cut + unscanned);
  }

  private static String marker(long dropped) {
    return "…[TRUNCATED " + dropped + " chars]";
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
