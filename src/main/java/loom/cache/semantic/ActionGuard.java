package loom.cache.semantic;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Vetoes when both texts ask to do something and the actions have nothing in common: "how do I create a pull
 * request" against "how do I review a pull request", "set up a virtual environment" against "activate a virtual
 * environment", "install PostgreSQL" against "upgrade PostgreSQL". Embeddings rate such requests alike because
 * they share their object, yet each needs its own steps. Verbs are grouped into classes of actions that a
 * paraphrase may swap for each other (create, generate and add; delete, remove, erase and get rid of), and a verb
 * may be in several classes ("set up" creates, installs, configures and connects; "open" creates, shows and
 * starts), so that only actions with no class in common differ.
 *
 * <p>A verb counts where a request puts it: at the start of a sentence ("Create a branch"), after "please", after
 * a subject that follows a modal or "do" ("how do I create", "can you create"), after "to" in "how to", "steps
 * to", "want to" and the like, or as a gerund opening the text or after a preposition ("creating a branch", "tips
 * for creating"). "The deleted file", "a review" and "the app crashes when I open it" are not requests, and "get
 * a card to replace mine" only names a purpose, which may match the other text's action but does not ask for
 * one. "Install the latest" upgrades, and a verb with a word joined before it is that verb ("password-protect"
 * protects). "Make", "get", "do", "have" and "put" take their meaning from their object
 * ("make a request" is "send a request", "make it private" is "set it to private", "put it on hold" is "pause
 * it"), so they name no action. Texts without a requested action on both sides pass: "explain", "what is" and
 * "why" ask about a thing, not for an action.
 */
final class ActionGuard implements Guard {
  /** Classes of actions, each a name and the verbs (or phrasal verbs) that may ask for it. */
  private static final String[][] CLASSES = {
    {
      "create",
      "create",
      "generate",
      "build",
      "add",
      "write",
      "compose",
      "draft",
      "open",
      "set up",
      "setup",
      "start",
      "begin",
      "register",
      "sign up",
      "establish",
      "invite",
      "initialize",
      "init",
      "launch",
      "design",
      "new",
      "raise"
    },
    {
      "delete",
      "delete",
      "remove",
      "erase",
      "drop",
      "purge",
      "destroy",
      "wipe",
      "clear",
      "discard",
      "trash",
      "get rid of",
      "uninstall",
      "empty",
      "clean up",
      "clean"
    },
    {
      "modify",
      "change",
      "update",
      "edit",
      "modify",
      "amend",
      "adjust",
      "alter",
      "correct",
      "fix",
      "rename",
      "replace",
      "switch",
      "set",
      "reset",
      "customize",
      "customise",
      "tweak",
      "rewrite",
      "move",
      "swap",
      "transfer",
      "convert",
      "exchange",
      "renew"
    },
    {
      "view",
      "view",
      "see",
      "check",
      "find",
      "show",
      "list",
      "look up",
      "display",
      "read",
      "access",
      "open",
      "locate",
      "look at",
      "look for",
      "track",
      "browse",
      "search",
      "retrieve",
      "print",
      "monitor",
      "identify",
      "count"
    },
    {
      "review",
      "review",
      "approve",
      "inspect",
      "audit",
      "evaluate",
      "assess",
      "check",
      "examine",
      "proofread"
    },
    {"install", "install", "set up", "setup", "download", "add", "deploy", "reinstall"},
    {"upgrade", "upgrade", "update", "patch", "reinstall", "switch", "change", "move"},
    {
      "configure",
      "configure",
      "set up",
      "setup",
      "customize",
      "customise",
      "adjust",
      "set",
      "change",
      "tweak",
      "tune",
      "enable",
      "schedule"
    },
    {
      "activate",
      "activate",
      "enable",
      "turn on",
      "switch on",
      "start",
      "begin",
      "launch",
      "run",
      "open",
      "source",
      "boot",
      "execute",
      "restart",
      "reactivate"
    },
    {
      "deactivate",
      "deactivate",
      "disable",
      "turn off",
      "switch off",
      "stop",
      "shut down",
      "shut off",
      "kill",
      "mute",
      "close",
      "exit",
      "quit",
      "restart"
    },
    {
      "cancel",
      "cancel",
      "terminate",
      "end",
      "close",
      "quit",
      "unsubscribe",
      "stop",
      "discontinue",
      "shut down",
      "deactivate",
      "delete",
      "kill"
    },
    {"pause", "pause", "freeze", "suspend", "hold", "postpone", "defer", "delay"},
    {"renew", "renew", "extend", "reactivate", "prolong", "resume"},
    {
      "restore",
      "restore",
      "recover",
      "undo",
      "revert",
      "roll back",
      "rollback",
      "reset",
      "retrieve",
      "unlock",
      "unblock",
      "reopen"
    },
    {
      "send",
      "send",
      "share",
      "forward",
      "email",
      "mail",
      "transfer",
      "invite",
      "submit",
      "post",
      "publish",
      "report",
      "notify",
      "message",
      "schedule",
      "deploy"
    },
    {
      "export",
      "export",
      "download",
      "save",
      "back up",
      "backup",
      "copy",
      "print",
      "extract",
      "output",
      "convert"
    },
    {"restart", "restart", "reboot", "reset", "power cycle"},
    {"import", "import", "upload", "load", "read", "open", "parse", "ingest", "attach", "add"},
    {"parse", "parse", "read", "load", "process", "decode", "interpret", "convert", "extract"},
    {"validate", "validate", "verify", "check", "confirm", "test", "authenticate", "ensure"},
    {
      "connect",
      "connect",
      "pair",
      "hook up",
      "link",
      "join",
      "attach",
      "sync",
      "integrate",
      "plug in",
      "add",
      "set up"
    },
    {"merge", "merge", "combine", "join", "consolidate", "concatenate", "concat", "unify"},
    {"split", "split", "divide", "separate", "break up"},
    {"book", "book", "reserve", "schedule", "arrange"},
    {
      "request",
      "request",
      "apply",
      "claim",
      "file",
      "submit",
      "ask",
      "order",
      "enroll",
      "enrol",
      "register",
      "sign up",
      "appeal",
      "report",
      "arrange"
    },
    {
      "pay",
      "pay",
      "buy",
      "purchase",
      "order",
      "rent",
      "lease",
      "subscribe",
      "top up",
      "fund",
      "check out"
    },
    {"refund", "refund", "return", "exchange", "send back"},
    {"protect", "protect", "secure", "lock", "encrypt", "add"},
    // Opposite actions on one thing, for texts that mention both ("expand a collapsed section").
    {
      "expand",
      "expand",
      "unfold",
      "uncollapse",
      "enlarge",
      "maximize",
      "maximise",
      "zoom in",
      "open"
    },
    {"collapse", "collapse", "fold", "minimize", "minimise", "shrink", "zoom out", "close"},
    {
      "increase",
      "increase",
      "raise",
      "boost",
      "grow",
      "speed up",
      "turn up",
      "enlarge",
      "gain",
      "expand"
    },
    {"decrease", "decrease", "reduce", "lower", "cut", "shrink", "slow down", "turn down", "lose"},
    {"tighten", "tighten"},
    {"loosen", "loosen", "unscrew"},
    {"translate", "translate"},
    {"summarize", "summarize", "summarise", "condense", "shorten", "outline"},
    {"fix", "fix", "troubleshoot", "solve", "resolve", "repair", "debug", "handle", "diagnose"},
    {"compare", "compare", "diff", "contrast", "differentiate", "distinguish"},
    {
      "calculate",
      "calculate",
      "compute",
      "measure",
      "estimate",
      "count",
      "determine",
      "work out",
      "figure out",
      "convert",
      "find",
      "differentiate",
      "integrate",
      "solve"
    },
    {"sort", "sort", "order", "rank", "arrange", "organize", "organise"},
    {"format", "format", "style", "indent", "align", "center", "centre"},
    {"store", "store", "preserve", "refrigerate", "save"},
    {"treat", "treat", "cure", "heal", "relieve", "soothe", "get rid of", "recover from"},
    {"learn", "learn", "study", "practice", "practise", "master"},
    {"login", "log in", "sign in", "login", "log on", "signin", "log into", "sign into", "access"},
    {"enter", "enter", "type", "input", "apply", "add", "insert", "fill in", "fill out", "paste"},
    {"boil", "boil"},
    {"bake", "bake"},
    {"fry", "fry"},
    {"grill", "grill"},
    {"roast", "roast"},
    {"poach", "poach"},
    {"steam", "steam"},
    {"microwave", "microwave"},
    {"toast", "toast"},
    {"braise", "braise"},
    {"simmer", "simmer"}
  };

  /** Words after which a base verb is what is asked for: "please …", "help me …". */
  private static final Set<String> BEFORE_VERB =
      Set.of(
          "please", "and", "or", "then", "me", "us", "lets", "let's", "how", "also", "just",
          "quickly", "easily");

  /**
   * Words before "to" that make the verb after it the one asked for ("how to", "steps to", "I want to", "is it
   * possible to"), unlike a purpose ("get a new card to replace mine").
   */
  private static final Set<String> BEFORE_TO =
      Set.of(
          "",
          "how",
          "way",
          "ways",
          "steps",
          "step",
          "want",
          "wanted",
          "need",
          "needs",
          "like",
          "trying",
          "try",
          "tried",
          "possible",
          "able",
          "help",
          "going",
          "have",
          "has",
          "had",
          "supposed",
          "best",
          "better",
          "easiest",
          "fastest",
          "quickest",
          "simplest",
          "where",
          "when",
          "whether",
          "what",
          "which",
          "guide",
          "tutorial",
          "instructions",
          "it",
          "time",
          "option",
          "allowed",
          "permitted",
          "ok",
          "okay",
          "safe",
          "hard",
          "easy",
          "difficult",
          "tips",
          "process",
          "wish",
          "plan",
          "planning",
          "is");

  /** Words after "install" or "download" that make it an upgrade: "install the latest drivers". */
  private static final Set<String> NEWEST =
      Set.of("latest", "newest", "updates", "update", "upgrade");

  /** A subject after which a base verb is asked for, after a modal or "do": "how do I …", "can you …". */
  private static final Set<String> SUBJECTS = Set.of("i", "we", "you");

  private static final Set<String> AUXILIARIES =
      Set.of(
          "do", "does", "did", "can", "could", "should", "would", "will", "shall", "may", "might",
          "must");

  /** Words after which a gerund is what is asked for: "tips for creating", "help with deleting". */
  private static final Set<String> BEFORE_GERUND =
      Set.of(
          "for", "about", "with", "on", "when", "after", "before", "by", "of", "and", "or", "try",
          "trying");

  private static final Set<String> PARTICLES =
      Set.of("up", "down", "on", "off", "in", "out", "back");

  /** What may follow a particle after its object: the end, or a new clause ("switch it on and …"). */
  private static final Set<String> CLAUSE_ENDS =
      Set.of(
          "",
          "and",
          "or",
          "please",
          "again",
          "now",
          "then",
          "so",
          "when",
          "if",
          "automatically",
          "completely",
          "for",
          "before",
          "after",
          "while");

  private static final Map<String, Set<String>> VERBS = verbs();

  /** The inflected forms of the one-word verbs: "creating" is "create". */
  private static final Map<String, String> GERUNDS = gerunds();

  @Override
  public String name() {
    return "action";
  }

  /** The classes of the actions a text asks for, and of those it names as a purpose ("… to run every night"). */
  record Actions(Set<String> asked, Set<String> purposes) {}

  @Override
  public boolean differs(Text a, Text b) {
    Actions left = actions(a);
    Actions right = actions(b);
    if (left.asked().isEmpty() || right.asked().isEmpty()) {
      return false;
    }
    Set<String> shared = new HashSet<>(left.asked());
    shared.addAll(left.purposes());
    Set<String> theirs = new HashSet<>(right.asked());
    theirs.addAll(right.purposes());
    shared.retainAll(theirs);
    return shared.isEmpty();
  }

  /**
   * The classes of the actions the text asks for, and apart, those of verbs of purpose ("schedule a script to run
   * nightly" asks to schedule, to have it run), which may match the other text but do not make a request.
   */
  static Actions actions(Text text) {
    Set<String> asked = new HashSet<>();
    Set<String> purposes = new HashSet<>();
    List<Text.Token> tokens = text.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      String word = text.word(i);
      String previous = text.word(i - 1);
      boolean start = tokens.get(i).sentenceStart();
      boolean subject = SUBJECTS.contains(previous) && AUXILIARIES.contains(text.word(i - 2));
      boolean framed = previous.equals("to") && BEFORE_TO.contains(text.word(i - 2));
      String verb = null;
      if (start || subject || framed || BEFORE_VERB.contains(previous) || previous.equals("to")) {
        // "password-protect", "auto-renew", "double-click": a verb with a word joined before it
        String head = word.contains("-") ? word.substring(word.lastIndexOf('-') + 1) : word;
        verb = phrasal(text, i, VERBS.containsKey(word) ? word : head);
      }
      if (verb == null
          && GERUNDS.containsKey(word)
          && (start || BEFORE_GERUND.contains(previous))) {
        verb = phrasal(text, i, GERUNDS.get(word));
        framed = true;
      }
      if (verb != null) {
        Set<String> into =
            start || subject || framed || BEFORE_VERB.contains(previous) ? asked : purposes;
        into.addAll(VERBS.get(verb));
        boolean install = verb.equals("install") || verb.equals("download");
        if (install && (NEWEST.contains(text.word(i + 1)) || NEWEST.contains(text.word(i + 2)))) {
          into.add("upgrade");
        }
      }
    }
    return new Actions(asked, purposes);
  }

  /**
   * The longest verb of the table starting at {@code i}, with {@code head} for its first word; or null. A particle
   * may follow the object at the end of a clause: "switch dark mode on" is "switch on", "set the printer up" is
   * "set up", but "switch the payment method on my account" is "switch".
   */
  private static String phrasal(Text text, int i, String head) {
    String three = head + " " + text.word(i + 1) + " " + text.word(i + 2);
    String two = head + " " + text.word(i + 1);
    if (VERBS.containsKey(three) || VERBS.containsKey(two)) {
      return VERBS.containsKey(three) ? three : two;
    }
    for (int j = i + 2; j <= i + 4; j++) {
      String separated = head + " " + text.word(j);
      boolean last = CLAUSE_ENDS.contains(text.word(j + 1)); // "on my account" is a preposition's
      if (PARTICLES.contains(text.word(j)) && last && VERBS.containsKey(separated)) {
        return separated;
      }
    }
    return VERBS.containsKey(head) ? head : null;
  }

  private static Map<String, Set<String>> verbs() {
    Map<String, Set<String>> out = new HashMap<>();
    for (String[] row : CLASSES) {
      for (int i = 1; i < row.length; i++) {
        out.computeIfAbsent(row[i], v -> new HashSet<>()).add(row[0]);
      }
    }
    Map<String, Set<String>> frozen = new HashMap<>();
    out.forEach((verb, classes) -> frozen.put(verb, Set.copyOf(classes)));
    return Map.copyOf(frozen);
  }

  private static Map<String, String> gerunds() {
    Map<String, String> out = new HashMap<>();
    for (String verb : VERBS.keySet()) {
      String head = verb.split(" ")[0];
      for (String form : Inflections.of(head)) {
        if (form.endsWith("ing")) {
          out.putIfAbsent(form, head);
        }
      }
    }
    return Map.copyOf(out);
  }
}
