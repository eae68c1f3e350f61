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
      Map.entry("haskell", "haskell"), Map.entry("perl", "perl"), Map.entry("lua", "lua"), Map.entry("dart", "dart"),
      // formats: the same request for another output format needs another answer
      Map.entry("json", "json"), Map.entry("yaml", "yaml"), Map.entry("yml", "yaml"), Map.entry("xml", "xml"),
      Map.entry("csv", "csv"), Map.entry("csvs", "csv"), Map.entry("tsv", "tsv"), Map.entry("toml", "toml"),
      Map.entry("markdown", "markdown"), Map.entry("html", "html"), Map.entry("css", "css"),
      Map.entry("pdf", "pdf"), Map.entry("pdfs", "pdf"), Map.entry("docx", "docx"), Map.entry("xlsx", "excel"),
      Map.entry("xls", "excel"), Map.entry("excel", "excel"), Map.entry("latex", "latex"),
      Map.entry("protobuf", "protobuf"), Map.entry("graphql", "graphql"),
      // more tools and platforms, which people often type in lower case
      Map.entry("pandas", "pandas"), Map.entry("numpy", "numpy"), Map.entry("django", "django"),
      Map.entry("flask", "flask"), Map.entry("rails", "rails"), Map.entry("vue", "vue"),
      Map.entry("angular", "angular"), Map.entry("svelte", "svelte"), Map.entry("nginx", "nginx"),
      Map.entry("terraform", "terraform"), Map.entry("ansible", "ansible"), Map.entry("helm", "helm"),
      Map.entry("yarn", "yarn"), Map.entry("pnpm", "pnpm"), Map.entry("conda", "conda"),
      Map.entry("homebrew", "brew"), Map.entry("vim", "vim"), Map.entry("emacs", "emacs"),
      Map.entry("ubuntu", "ubuntu"), Map.entry("debian", "debian"), Map.entry("centos", "centos"),
      Map.entry("fedora", "fedora"), Map.entry("linux", "linux"), Map.entry("macos", "macos"),
      Map.entry("windows", "windows"), Map.entry("android", "android"), Map.entry("ios", "ios"),
      Map.entry("mongodb", "mongodb"), Map.entry("mongo", "mongodb"), Map.entry("kafka", "kafka"),
      Map.entry("elasticsearch", "elasticsearch"), Map.entry("jenkins", "jenkins"));
  /** Command-line tools whose next words are subcommands. */
  private static final Set<String> COMMANDS = Set.of("git", "npm", "yarn", "pnpm", "npx", "docker",
      "docker-compose", "podman", "kubectl", "helm", "minikube", "pip", "pip3", "conda", "poetry", "brew", "apt",
      "apt-get", "yum", "dnf", "snap", "systemctl", "journalctl", "terraform", "cargo", "rustup", "dotnet",
      "gradle", "mvn", "gh", "aws", "gcloud", "az", "heroku", "composer", "gem", "bundle", "nvm", "pyenv", "ufw",
      "vagrant", "rails");
  /** Subcommands of those tools (and the second word of two-word ones: "stash pop", "compose up"). */
  private static final Set<String> SUBCOMMANDS = Set.of("rebase", "merge", "pull", "push", "fetch", "reset",
      "revert", "cherry-pick", "stash", "commit", "checkout", "switch", "restore", "branch", "clone", "init", "add",
      "rm", "mv", "log", "diff", "status", "tag", "bisect", "blame", "remote", "submodule", "squash", "amend",
      "worktree", "reflog", "show", "clean", "gc", "pop", "apply", "drop", "list", "clear", "save", "prune",
      "install", "uninstall", "remove", "update", "upgrade", "i", "ci", "audit", "outdated", "link", "publish",
      "pack", "test", "run", "start", "stop", "restart", "reload", "enable", "disable", "mask", "unmask",
      "build", "exec", "logs", "ps", "images", "rmi", "inspect", "login", "logout", "cp", "compose", "up", "down",
      "volume", "network", "container", "image", "system", "context", "plan", "destroy", "validate", "fmt",
      "import", "output", "state", "workspace", "refresh", "taint", "create", "delete", "get", "describe", "edit",
      "patch", "replace", "scale", "rollout", "expose", "port-forward", "attach", "top", "label", "annotate",
      "drain", "cordon", "uncordon", "deploy", "rollback", "freeze", "search", "info", "cache", "config", "check",
      "doctor", "cleanup", "tap", "services", "autoremove", "purge", "daemon-reload", "new", "generate", "serve",
      "migrate", "version", "pods", "pod", "deployments", "deployment", "nodes", "node", "namespaces", "secrets",
      "configmaps", "ingress", "jobs", "cronjobs", "history", "undo");
  /**
   * Keywords and types of programming languages that are not everyday English, compared when either text is about
   * programming: "val" against "const val" in Kotlin.
   */
  private static final Set<String> KEYWORDS = Set.of("const", "val", "var", "async", "await", "yield", "lambda",
      "struct", "enum", "typedef", "namespace", "goto", "defer", "impl", "mut", "lateinit", "volatile",
      "synchronized", "transient", "extern", "elif", "def", "fn", "func", "nil", "null", "void", "int", "float",
      "char", "bool", "boolean", "tuple", "dict", "str", "malloc", "calloc", "realloc", "printf", "sizeof",
      "nullptr", "constexpr", "noexcept", "unsigned", "varchar", "uuid");
  /** The words a keyword abbreviates, which name it as well: "dict" is "dictionary". */
  private static final Map<String, String> SPELLED_OUT = Map.ofEntries(Map.entry("dict", "dictionary"),
      Map.entry("str", "string"), Map.entry("int", "integer"), Map.entry("bool", "boolean"),
      Map.entry("char", "character"), Map.entry("func", "function"), Map.entry("fn", "function"),
      Map.entry("def", "function"), Map.entry("var", "variable"), Map.entry("const", "constant"),
      Map.entry("enum", "enumeration"), Map.entry("struct", "structure"), Map.entry("val", "value"));
  /** Nouns after which the word before names a code element: "for loop", "having clause", "final keyword". */
  private static final Set<String> DESIGNATORS = Set.of("loop", "statement", "keyword", "block", "clause",
      "operator", "hook", "decorator", "annotation", "modifier", "directive", "macro", "pragma");
  /** Words before a designator that name no element: "a loop", "nested loop", "this keyword". */
  private static final Set<String> NOT_NAMES = Set.of("a", "an", "the", "this", "that", "each", "every", "my",
      "your", "our", "which", "what", "new", "custom", "simple", "nested", "infinite", "inner", "outer", "main",
      "same", "one", "another", "other", "single", "whole", "entire", "basic", "following", "above", "below");
  private static final Set<String> GO_CONTEXT = Set.of("in", "with", "using", "learn", "write");
  private static final Set<String> HTTP_CONTEXT = Set.of("http", "https", "status", "error", "code", "response");
  private static final Pattern STATUS = Pattern.compile("[1-5]\\d\\d");
  private static final Pattern ABBREVIATION = Pattern.compile("(?:\\p{L}\\.)+\\p{L}?"); // e.g, i.e, u.s
  private static final Pattern CAMEL = Pattern.compile(".*\\p{Ll}\\p{Lu}.*");
  private static final Pattern DOTTED = Pattern.compile(".*\\p{L}\\.\\p{L}.*");
  /**
   * Comparison, logical and assignment operators standing on their own ("==" and "===" are different questions).
   * Arrows are left out, since prose uses them for menus ("Settings -> Privacy"), and so is the "=" of a sum
   * to work out ("7 x 8 = ?").
   */
  private static final Pattern OPERATOR = Pattern.compile("(?<![=!<>&|+\\-*/%^~:?])"
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
    return unmatched(left, right, b) || unmatched(right, left, a) || subcommandsDiffer(a, b)
        || designatedDiffer(a, b);
  }

  /**
   * Whether {@code mine} has code that {@code theirs} lacks, a camelCase word typed in lower case aside, as one
   * word or several ("NullPointerException", "null pointer exception").
   */
  private static boolean unmatched(Set<String> mine, Set<String> theirs, Text other) {
    for (String code : mine) {
      boolean camel = code.startsWith("camel:") && typed(code.substring(6), other);
      if (!theirs.contains(code) && !camel && !(KEYWORDS.contains(code) && named(code, other))) {
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
    String spelled = SPELLED_OUT.getOrDefault(keyword, keyword);
    return text.words().stream().anyMatch(w -> w.equals(spelled) || w.equals(spelled + "s")
        || w.length() > keyword.length() + 2 && w.contains(keyword));
  }

  private static boolean typed(String word, Text text) {
    for (int i = 0; i < text.words().size(); i++) {
      String joined = text.word(i);
      for (int j = 1; j <= 3 && !joined.equals(word); j++) {
        joined += text.word(i + j);
      }
      if (joined.equals(word)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the text names a language or tool, or holds code, so that keywords such as "const" are code. */
  private static boolean isProgramming(Text text) {
    for (Text.Token token : text.tokens()) {
      if (TOOLS.containsKey(token.lower()) || isCodeLike(token.text())) {
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
      if (DESIGNATORS.contains(kind) && !NOT_NAMES.contains(name) && name.chars().allMatch(Character::isLetter)) {
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
      if (TOOLS.containsKey(word)) {
        out.add(TOOLS.get(word));
      } else if (word.equals("go") && GO_CONTEXT.contains(text.word(i - 1))) {
        out.add("go");
      }
      if (programming && KEYWORDS.contains(word)) {
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
      if (COMMANDS.contains(tool) && SUBCOMMANDS.contains(sub)) {
        Set<String> subs = out.computeIfAbsent(tool, t -> new HashSet<>());
        subs.add(sub);
        if (SUBCOMMANDS.contains(text.word(i + 2))) {
          subs.add(sub + " " + text.word(i + 2));
        }
      }
    }
    return out;
  }

  private static boolean isCamelOnly(String token) {
    return CAMEL.matcher(token).matches() && token.chars().allMatch(Character::isLetterOrDigit);
  }

  private static boolean isCodeLike(String token) {    if (ABBREVIATION.matcher(token).matches()) {
      return false;
    }
    return token.contains("_") || token.contains("::") || token.contains("->") || token.endsWith("()")
        || token.startsWith("--") || token.startsWith("-") && token.length() > 1 || token.startsWith("/")
        || token.startsWith("~") || token.chars().filter(c -> c == '/').count() >= 2
        || DOTTED.matcher(token).matches() || CAMEL.matcher(token).matches();
  }
}
