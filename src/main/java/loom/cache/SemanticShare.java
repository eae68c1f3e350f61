package loom.cache;

import loom.cache.semantic.SemanticEntry;
import loom.cache.semantic.SemanticIndex;

/**
 * How the remembered questions of one gateway reach the others: not at all with the memory backend; through Redis
 * with the Redis backend ({@link RedisSemanticShare}), where the answers they point at are shared too.
 */
interface SemanticShare {
  /** The memory backend's: every gateway remembers only what it stored itself. */
  SemanticShare NONE =
      new SemanticShare() {
        @Override
        public void publish(SemanticEntry entry) {}

        @Override
        public void catchUp(String partition, SemanticIndex index) {}

        @Override
        public void clear() {}
      };

  /** Makes a question this gateway remembered known to the others. Never throws. */
  void publish(SemanticEntry entry);

  /** Adds to the index what other gateways remembered in a partition since this one last looked. Never throws. */
  void catchUp(String partition, SemanticIndex index);

  /** Forgets every shared question (the cache was cleared). Never throws. */
  void clear();
}
