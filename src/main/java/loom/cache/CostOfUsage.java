package loom.cache;

import java.math.BigDecimal;
import loom.proxy.Usage;

/** What an answer's tokens cost at today's prices (the analytics price table): what a cache hit saved. */
@FunctionalInterface
public interface CostOfUsage {
  BigDecimal usd(String providerId, String model, Usage usage);
}
