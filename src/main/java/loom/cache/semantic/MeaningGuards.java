package loom.cache.semantic;

import java.util.List;
import java.util.Objects;

/**
 * Decides whether a semantic-cache candidate (a cached text whose embedding is close to the query's) may answer
 * the query. Embedding similarity alone rates "turn on dark mode" and "turn off dark mode" as the same request;
 * these deterministic guards veto a candidate whose text differs in something that changes the meaning
 * (negation, opposites, dates, units, numbers, identifiers, code, word order around a direction, names, language, the action
 * asked for, the kind of question) and let paraphrases through. The guards run in a fixed order, most general
 * first, so that a reply in another language is reported as "language" rather than as the many differences that
 * follow from it, and a year as "date" rather than "number"; the action and question guards, which read the
 * sentence's structure rather than a word, come last.
 * Thread-safe: the guards hold only immutable tables.
 */
public final class MeaningGuards {
  private static final MeaningGuards STANDARD =
      new MeaningGuards(
          List.of(
              new LanguageGuard(),
              new NegationGuard(),
              new AntonymGuard(),
              new DateGuard(),
              new UnitGuard(),
              new CodeGuard(),
              new NumberGuard(),
              new IdentifierGuard(),
              new DirectionGuard(),
              new EntityGuard(),
              new ActionGuard(),
              new QuestionGuard(),
              new SwapGuard(),
              new SubstitutionGuard()));

  private final List<Guard> guards;

  MeaningGuards(List<Guard> guards) {
    this.guards = List.copyOf(guards);
  }

  /**
   * Every guard, in the standard order: language, negation, antonym, date, unit, code, number, identifier, order,
   * entity, action, question, swap, substitution.
   */
  public static MeaningGuards standard() {
    return STANDARD;
  }

  /** Allowed, or vetoed with the name of the first guard that found a meaning-changing difference. */
  public Verdict check(String query, String cached) {
    Text a = new Text(Objects.requireNonNull(query, "query"));
    Text b = new Text(Objects.requireNonNull(cached, "cached"));
    for (Guard guard : guards) {
      if (guard.differs(a, b)) {
        return Verdict.veto(guard.name());
      }
    }
    return Verdict.allow();
  }
}
