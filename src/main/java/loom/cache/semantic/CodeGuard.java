package loom.cache.semantic;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Vetoes when the texts name different code, languages or tools: "sort a list in python" against "in java",
 * "git rebase" against "git merge", {@code user_id} against {@code userId}, "error 404" against "error 500".
 * The same question about another language or identifier needs another answer, and embeddings of code-like
 * tokens are noisy. Compared as sets: code-like tokens (snake_case, camelCase, dotted names, {@code ()},
 * {@code ::}, {@code ->}, paths, {@code --flags}), language and tool names with their synonyms (golang is go,
 * postgresql is postgres), git subcommands, and HTTP status codes in a text that talks about HTTP, status or
 * errors. "go" is only the language after "in", "with", "using", "learn" or "write", since it is mostly the verb.
 */
final class CodeGuard implements Guard {
  private static final Map<String, String> TOOLS = Map.ofEntries(Map.entry("python", "python"),
      Map.entry("python3", "python"), Map.entry("java", "java"), Map.entry("javascript", "javascript"),
      Map.entry("js", "javascript"), Map.entry("typescript", "typescript"), Map.entry("ts", "typescript"),
      Map.entry("golang", "go"), Map.entry("rust", "rust"), Map.entry("c++", "c++"), Map.entry("cpp", "c++"),
      Map.entry("c#", "c#"), Map.entry("csharp", "c#"), Map.entry("ruby", "ruby"), Map.entry("php", "php"),
      Map.entry("kotlin", "kotlin"), Map.entry("swift", "swift"), Map.entry("scala", "scala"),
      Map.entry("bash", "bash"), Map.entry("zsh", "zsh"), Map.entry("powershell", "powershell"),
      Map.entry("sql", "sql"), Map.entry("postgres", "postgres"), Map.entry("postgresql", "postgres"),
      Map.entry("mysql", "mysql"), Map.entry("sqlite", "sqlite"), Map.entry("redis", "redis"),
      Map.entry("docker", "docker"), Map.entry("kubernetes", "kubernetes"), Map.entry("k8s", "kubernetes"),
      Map.entry("kubectl", "kubernetes"), Map.entry("git", "git"), Map.entry("maven", "maven"),
      Map.entry("gradle", "gradle"), Map.entry("npm", "npm"), Map.entry("pip", "pip"), Map.entry("react", "react"),
      Map.entry("haskell", "haskell"), Map.entry("perl", "perl"), Map.entry("lua", "lua"), Map.entry("dart", "dart"));
  private static final Set<String> GIT_COMMANDS = Set.of("rebase", "merge", "pull", "push", "fetch", "reset",
      "revert", "cherry-pick", "stash", "commit", "checkout", "switch", "restore", "branch", "clone", "init", "add",
      "rm", "mv", "log", "diff", "status", "tag", "bisect", "blame", "remote", "submodule", "squash", "amend");
  private static final Set<String> GO_CONTEXT = Set.of("in", "with", "using", "learn", "write");
  private static final Set<String> HTTP_CONTEXT = Set.of("http", "https", "status", "error", "code", "response");
  private static final Pattern STATUS = Pattern.compile("[1-5]\\d\\d");
  private static final Pattern ABBREVIATION = Pattern.compile("(?:\\p{L}\\.)+\\p{L}?"); // e.g, i.e, u.s
  private static final Pattern CAMEL = Pattern.compile(".*\\p{Ll}\\p{Lu}.*");
  private static final Pattern DOTTED = Pattern.compile(".*\\p{L}\\.\\p{L}.*");

  @Override
  public String name() {
    return "code";
  }

  @Override
  public boolean differs(Text a, Text b) {
    return !code(a).equals(code(b));
  }

  static Set<String> code(Text text) {
    Set<String> out = new HashSet<>();
    boolean http = text.words().stream().anyMatch(HTTP_CONTEXT::contains);
    for (int i = 0; i < text.tokens().size(); i++) {
      Text.Token token = text.tokens().get(i);
      String word = token.lower();
      if (isCodeLike(token.text())) {
        out.add(word);
      }
      if (TOOLS.containsKey(word)) {
        out.add(TOOLS.get(word));
      } else if (word.equals("go") && GO_CONTEXT.contains(text.word(i - 1))) {
        out.add("go");
      }
      if (text.word(i - 1).equals("git") && GIT_COMMANDS.contains(word)) {
        out.add("git " + word);
      }
      if (http && STATUS.matcher(word).matches()) {
        out.add("status " + word);
      }
    }
    return out;
  }

  private static boolean isCodeLike(String token) {
    if (ABBREVIATION.matcher(token).matches()) {
      return false;
    }
    return token.contains("_") || token.contains("::") || token.contains("->") || token.endsWith("()")
        || token.startsWith("--") || token.startsWith("-") && token.length() > 1 || token.startsWith("/")
        || token.startsWith("~") || token.chars().filter(c -> c == '/').count() >= 2
        || DOTTED.matcher(token).matches() || CAMEL.matcher(token).matches();
  }
}
