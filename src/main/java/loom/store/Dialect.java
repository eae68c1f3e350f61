package loom.store;

/** The SQL databases the store runs on; each has its own folder of migrations under {@code db/}. */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The classpath folder of this dialect's Flyway migrations. */
  String migrations() {
    return "classpath:db/" + folder;
  }
}
