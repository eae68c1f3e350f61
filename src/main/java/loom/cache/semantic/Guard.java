package loom.cache.semantic;

/**
 * One rule that finds a meaning-changing difference between two texts that sentence embeddings rate as
 * similar. Implementations hold only immutable tables, so one instance serves every thread.
 */
interface Guard {
  /** The short name reported as the veto reason. */
  String name();

  /** True when the texts differ in something this guard knows changes the meaning; must be symmetric. */
  boolean differs(Text a, Text b);
}
