package loom.cache.semantic;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vetoes when the texts name different code, languages, formats or tools: "sort a list in python" against "in
 * java", "export contacts to CSV" against "to vCard", "git rebase" against "git merge", {@code user_id} against
 * {@code userId}, "==" against "===", "error 404" against "error 500". The same question about another language or
 * identifier needs another answer, and embeddings of code-like tokens are noisy. Compared as sets: code-like
 * tokens (snake_case, camelCase, dotted names, {@code ()}, {@code ::}, {@code ->}, paths, {@code --flags}),
 * operators, language, format and tool names with their synonyms (golang is go, postgresql is postgres, yml is
 * yaml), keywords such as "const" or "tuple" when either text is about programming ("dict" matches "dictionary"),
 * and HTTP status codes in a text that talks about HTTP, status or errors. "go" is only the language after "in",
 * "with", "using", "learn" or "write", since it is mostly the verb. A camelCase word matches the same word in
 * lower case, whole or split ("DataFrame", "dataframe"; "NullPointerException", "null pointer exception"): people
 * type names loosely, and a different identifier differs in more than case.
 *
 * <p>A code element named before "loop", "clause", "keyword" and the like must be the same when both texts name
 * one: "for loop" is not "while loop". The subcommands after a command-line tool (git, npm, docker, kubectl, …),
 * one or two deep ("git stash pop"), are compared when both texts give the tool subcommands: "git commit" in
 * "undo my last git commit" may be a noun, but "git stash pop" and "git stash apply" are different commands.
 */
final class CodeGuard implements Guard {
  private static final Set<String> GO_CONTEXT = Set.of("in", "with", "using", "learn", "write");

  /** Words that make a three-digit number an HTTP status; "status" alone does not ("flight AA 100 status"). */
  private static final Set<String> HTTP_CONTEXT =
      Set.of("http", "https", "error", "code", "response");

  private static final Pattern STATUS = Pattern.compile("[1-5]\\d\\d");
  private static final Pattern ABBREVIATION =
      Pattern.compile("(?:\\p{L}\\.)+\\p{L}?"); // e.g, i.e, u.s
  private static final Pattern CAMEL = Pattern.compile(".*\\p{Ll}\\p{Lu}.*");
  private static final Pattern DOTTED = Pattern.compile(".*\\p{L}\\.\\p{L}.*");

  /**
   * Comparison, logical and assignment operators standing on their own ("==" and "===" are different questions).
   * Arrows are left out, since prose uses them for menus ("Settings -> Privacy"), and so is the "=" of a sum
   * to work out ("7 x 8 = ?").
   */
  private static final Pattern OPERATOR =
      Pattern.compile(
          "(?<![=!<>&|+\\-*/%^~:?])"
              + "(?:===|!==|==|!=|<=|>=|&&|\\|\\||\\?\\?|\\+=|-=|\\*=|/=|%=|:=|=(?!\\s*(?:\\?|$)))(?![=!<>&|+\\-*/%^~:?])");

  @Override
  public String name() {
    return "code";
  }

  @Override
  public boolean differs(Text a, Text b) {
    boolean programming = isProgramming(a) || isProgramming(b);
    Set<String> left = code(a, programming);
    Set<String> right = code(b, programming);
    return unmatched(left, right, b)
        || unmatched(right, left, a)
        || subcommandsDiffer(a, b)
        || designatedDiffer(a, b);
  }

  /**
   * Whether {@code mine} has code that {@code theirs} lacks, a camelCase word typed in lower case aside, as one
   * word or several ("NullPointerException", "null pointer exception").
   */
  private static boolean unmatched(Set<String> mine, Set<String> theirs, Text other) {
    for (String code : mine) {
      boolean camel = code.startsWith("camel:") && typed(code.substring(6), other);
      // "Node.js" and "node", "Vue.js" and "vue": the library by its name alone
      boolean library =
          code.endsWith(".js")
              && typed(code.substring(0, code.length() - 3).replace(".", ""), other);
      if (!theirs.contains(code)
          && !camel
          && !library
          && !(CodeWords.isKeyword(code) && named(code, other))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the other text names the keyword in words, or within an identifier: "dict" and "dictionary", "null"
   * and "NullPointerException".
   */
  private static boolean named(String keyword, Text text) {
    String spelled = CodeWords.spelledOut(keyword);
    return text.words().stream()
        .anyMatch(
            w ->
                w.equals(spelled)
                    || w.equals(spelled + "s")
                    || w.length() > keyword.length() + 2 && w.contains(keyword));
  }

  /** Whether the text has the word, whole or split into up to four, with or without a final "s" (McDonald's). */
  private static boolean typed(String word, Text text) {
    for (int i = 0; i < text.words().size(); i++) {
      String joined = text.word(i);
      for (int j = 1; j <= 3 && !joined.equals(word) && !joined.equals(word + "s"); j++) {
        joined += text.word(i + j);
      }
      if (joined.equals(word) || joined.equals(word + "s")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the text names a language or tool, or holds code, so that keywords such as "const" are code. */
  private static boolean isProgramming(Text text) {
    for (Text.Token token : text.tokens()) {
      if (CodeWords.tool(token.lower()) != null || isCodeLike(token.text())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether both texts name a code element of one kind ("… loop", "… clause", "… keyword") and different ones:
   * "a for loop" against "a while loop", "the finally block" against "the final block".
   */
  private static boolean designatedDiffer(Text a, Text b) {
    Map<String, Set<String>> left = designated(a);
    Map<String, Set<String>> right = designated(b);
    for (Map.Entry<String, Set<String>> kind : left.entrySet()) {
      Set<String> theirs = right.get(kind.getKey());
      if (theirs != null && !theirs.equals(kind.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** The words before each designator, by designator: "for" and "while" for "loop". */
  private static Map<String, Set<String>> designated(Text text) {
    Map<String, Set<String>> out = new HashMap<>();
    for (int i = 1; i < text.words().size(); i++) {
      String kind = text.word(i).replaceAll("(?<=.)s$", "");
      String name = text.word(i - 1);
      if (CodeWords.isDesignator(kind)
          && !CodeWords.namesNothing(name)
          && name.chars().allMatch(Character::isLetter)) {
        out.computeIfAbsent(kind, k -> new HashSet<>()).add(name);
      }
    }
    return out;
  }

  static Set<String> code(Text text, boolean programming) {
    Set<String> out = new HashSet<>();
    boolean http = text.words().stream().anyMatch(HTTP_CONTEXT::contains);
    for (int i = 0; i < text.tokens().size(); i++) {
      Text.Token token = text.tokens().get(i);
      String word = token.lower();
      if (isCodeLike(token.text())) {
        out.add(isCamelOnly(token.text()) ? "camel:" + word : word);
      }
      if (CodeWords.tool(word) != null) {
        out.add(CodeWords.tool(word));
      } else if (word.equals("go") && GO_CONTEXT.contains(text.word(i - 1))) {
        out.add("go");
      }
      if (programming && CodeWords.isKeyword(word)) {
        out.add(word);
      }
      if (http && STATUS.matcher(word).matches()) {
        out.add("status " + word);
      }
    }
    Matcher operator = OPERATOR.matcher(text.original());
    while (operator.find()) {
      out.add("operator " + operator.group());
    }
    return out;
  }

  /** Whether both texts give one tool subcommands, and different ones. */
  private static boolean subcommandsDiffer(Text a, Text b) {
    Map<String, Set<String>> left = subcommands(a);
    Map<String, Set<String>> right = subcommands(b);
    for (Map.Entry<String, Set<String>> tool : left.entrySet()) {
      Set<String> theirs = right.get(tool.getKey());
      if (theirs != null && !theirs.equals(tool.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** Each tool named before a subcommand, with its subcommands ("stash" and "stash pop" for "git stash pop"). */
  static Map<String, Set<String>> subcommands(Text text) {
    Map<String, Set<String>> out = new HashMap<>();
    for (int i = 0; i + 1 < text.words().size(); i++) {
      String tool = text.word(i);
      String sub = text.word(i + 1);
      if (CodeWords.isCommand(tool) && CodeWords.isSubcommand(sub)) {
        Set<String> subs = out.computeIfAbsent(tool, t -> new HashSet<>());
        subs.add(sub);
        if (CodeWords.isSubcommand(text.word(i + 2))) {
          subs.add(sub + " " + text.word(i + 2));
        }
      }
    }
    return out;
  }

  private static boolean isCamelOnly(String token) {
    return CAMEL.matcher(token).matches() && token.chars().allMatch(Character::isLetterOrDigit);
  }

  private static boolean isCodeLike(String token) {
    if (ABBREVIATION.matcher(token).matches()) {
      return false;
    }
    return token.contains("_")
        || token.contains("::")
        || token.contains("->")
        || token.endsWith("()")
        || token.startsWith("--")
        || token.startsWith("-") && token.length() > 1
        || token.startsWith("/")
        || token.startsWith("~")
        || token.chars().filter(c -> c == '/').count() >= 2
        || DOTTED.matcher(token).matches()
        || CAMEL.matcher(token).matches();
  }
}
