package loom.analytics;

/**
 * One step of redaction: recognises values of one {@link RedactionKind} and replaces them with its marker.
 * Implementations are immutable and thread-safe.
 */
interface RedactionRule {
  RedactionKind kind();

  /** The text with the values this rule recognises replaced; the same instance when there were none. */
  String apply(String text);
}
