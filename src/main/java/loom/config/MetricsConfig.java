package loom.config;

/**
 * The {@code metrics} section.
 *
 * @param isPublic whether {@code /metrics} answers without a key (for a Prometheus on a trusted network);
 *     otherwise it takes an admin's key
 */
public record MetricsConfig(boolean isPublic) {}
