package loom.cache.semantic;

import java.util.Map;
import java.util.Set;

/**
 * The vocabulary of {@link CodeGuard}: languages, formats and tools with their synonyms, command-line tools and
 * their subcommands, keywords that are not everyday English, and the nouns that designate a code element ("for
 * loop", "having clause").
 */
final class CodeWords {
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

  private CodeWords() {}

  /** The canonical name of a language, format or tool ("golang" is "go"), or null. */
  static String tool(String word) {
    return TOOLS.get(word);
  }

  static boolean isCommand(String word) {
    return COMMANDS.contains(word);
  }

  static boolean isSubcommand(String word) {
    return SUBCOMMANDS.contains(word);
  }

  static boolean isKeyword(String word) {
    return KEYWORDS.contains(word);
  }

  /** The word a keyword abbreviates ("dictionary" for "dict"), or the keyword itself. */
  static String spelledOut(String keyword) {
    return SPELLED_OUT.getOrDefault(keyword, keyword);
  }

  static boolean isDesignator(String word) {
    return DESIGNATORS.contains(word);
  }

  /** Whether a word before a designator names no element ("a loop", "nested loop"). */
  static boolean namesNothing(String word) {
    return NOT_NAMES.contains(word);
  }
}
