package loom.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks a guard both ways round, since a guard must not depend on which text is the query. */
final class GuardAssertions {
  private GuardAssertions() {}

  static void assertVetoes(Guard guard, String a, String b) {
    assertThat(guard.differs(new Text(a), new Text(b))).as("%s | %s", a, b).isTrue();
    assertThat(guard.differs(new Text(b), new Text(a))).as("%s | %s", b, a).isTrue();
  }

  static void assertPasses(Guard guard, String a, String b) {
    assertThat(guard.differs(new Text(a), new Text(b))).as("%s | %s", a, b).isFalse();
    assertThat(guard.differs(new Text(b), new Text(a))).as("%s | %s", b, a).isFalse();
  }
}
