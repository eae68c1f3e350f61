package loom.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * The client tool that sent a proxied call, as its headers show it (what the real clients send is in CLIENTS.md),
 * stored in the request log by its {@link #id()}. Detection is a fixed table of prefix and substring checks on a few
 * headers: it runs on every call, so it compiles no pattern and allocates nothing. Wrappers (LangChain, the AI SDK,
 * LiteLLM) are checked before the SDKs they use, and the agents (Claude Code, Codex) before both, since each also
 * sends its SDK's {@code x-stainless-*} headers.
 */
public enum ClientTool {
  CLAUDE_CODE("claude-code"),
  CODEX("codex"),
  OPENAI_SDK_PYTHON("openai-sdk-python"),
  OPENAI_SDK_NODE("openai-sdk-node"),
  OPENAI_SDK_JAVA("openai-sdk-java"),
  OPENAI_SDK_GO("openai-sdk-go"),
  OPENAI_SDK_DOTNET("openai-sdk-dotnet"),
  ANTHROPIC_SDK_PYTHON("anthropic-sdk-python"),
  ANTHROPIC_SDK_NODE("anthropic-sdk-node"),
  ANTHROPIC_SDK_JAVA("anthropic-sdk-java"),
  ANTHROPIC_SDK_GO("anthropic-sdk-go"),
  LANGCHAIN("langchain"),
  AI_SDK("ai-sdk"),
  LITELLM("litellm"),
  CURL("curl"),
  BROWSER("browser"),
  OTHER("other");

  /**
   * One row of the User-Agent table: the agent starts with {@code prefix} (ignoring case) and, when {@code contains}
   * is set, has it somewhere after.
   */
  private record Rule(String prefix, String contains, ClientTool tool) {
    boolean matches(String userAgent) {
      return userAgent.regionMatches(true, 0, prefix, 0, prefix.length())
          && (contains == null || userAgent.indexOf(contains, prefix.length()) >= 0);
    }
  }

  /** Tools and SDKs by User-Agent, first match wins: agents, then wrappers, then the SDKs (Stainless and .NET). */
  private static final List<Rule> TOOLS =
      List.of(
          new Rule("claude-cli/", null, CLAUDE_CODE),
          new Rule("codex_", null, CODEX),
          new Rule("litellm/", null, LITELLM),
          // langchainjs-openai/1.0.0 (…), langchainjs-anthropic/…
          new Rule("langchain", null, LANGCHAIN),
          // ai-sdk/openai/4.0.0 ai-sdk/provider-utils/… runtime/node.js/22, after any agent of the
          // application's own.
          new Rule("", "ai-sdk/", AI_SDK),
          new Rule("OpenAI/Python", null, OPENAI_SDK_PYTHON),
          new Rule("OpenAI/JS", null, OPENAI_SDK_NODE),
          new Rule("OpenAI/Java", null, OPENAI_SDK_JAVA),
          new Rule("OpenAI/Kotlin", null, OPENAI_SDK_JAVA),
          new Rule("OpenAI/Go", null, OPENAI_SDK_GO),
          // The .NET SDK is no Stainless one: System.ClientModel writes OpenAI/2.1.0 (.NET 8.0.11;
          // <os>).
          new Rule("OpenAI/", "(.NET", OPENAI_SDK_DOTNET),
          new Rule("Anthropic/Python", null, ANTHROPIC_SDK_PYTHON),
          new Rule("Anthropic/JS", null, ANTHROPIC_SDK_NODE),
          new Rule("Anthropic/Java", null, ANTHROPIC_SDK_JAVA),
          new Rule("Anthropic/Kotlin", null, ANTHROPIC_SDK_JAVA),
          new Rule("Anthropic/Go", null, ANTHROPIC_SDK_GO));

  /** Generic agents, checked only after the SDK headers: a Stainless SDK in a browser is the SDK. */
  private static final List<Rule> GENERIC =
      List.of(new Rule("curl/", null, CURL), new Rule("Mozilla/", null, BROWSER));

  private final String id;

  ClientTool(String id) {
    this.id = id;
  }

  /** The stable lower-case name the request log stores. */
  public String id() {
    return id;
  }

  /** The tool that sent {@code req}; null when it sent no User-Agent and no other client header. */
  static ClientTool of(HttpServletRequest req) {
    return detect(
        req.getHeader("User-Agent"),
        req.getHeader("originator"),
        req.getHeader("x-app"),
        req.getHeader("x-stainless-lang"),
        req.getHeader("anthropic-version") != null);
  }

  /**
   * The tool these headers name, each may be null.
   *
   * @param originator Codex's {@code originator} ({@code codex_exec}, {@code codex_cli_rs})
   * @param app Claude Code's {@code x-app} ({@code cli})
   * @param stainlessLang the Stainless SDKs' {@code x-stainless-lang} ({@code python}, {@code js}, {@code java} …)
   * @param anthropicVersion whether the call has {@code anthropic-version}, which only Anthropic's SDKs send
   */
  static ClientTool detect(
      String userAgent,
      String originator,
      String app,
      String stainlessLang,
      boolean anthropicVersion) {
    if (originator != null && originator.regionMatches(true, 0, "codex", 0, 5)) {
      return CODEX;
    }
    if (userAgent != null) {
      for (Rule rule : TOOLS) {
        if (rule.matches(userAgent)) {
          return rule.tool;
        }
      }
    }
    if ("cli".equalsIgnoreCase(app)) {
      return CLAUDE_CODE;
    }
    ClientTool sdk = stainlessLang == null ? null : bySdkLanguage(stainlessLang, anthropicVersion);
    if (sdk != null) {
      return sdk;
    }
    if (userAgent == null) {
      return null;
    }
    for (Rule rule : GENERIC) {
      if (rule.matches(userAgent)) {
        return rule.tool;
      }
    }
    return OTHER;
  }

  /** A Stainless SDK whose User-Agent was replaced (or is a browser's): known by its language header. */
  private static ClientTool bySdkLanguage(String lang, boolean anthropic) {
    return switch (lang.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "python" -> anthropic ? ANTHROPIC_SDK_PYTHON : OPENAI_SDK_PYTHON;
      case "js" -> anthropic ? ANTHROPIC_SDK_NODE : OPENAI_SDK_NODE;
      case "java", "kotlin" -> anthropic ? ANTHROPIC_SDK_JAVA : OPENAI_SDK_JAVA;
      case "go" -> anthropic ? ANTHROPIC_SDK_GO : OPENAI_SDK_GO;
      default -> null;
    };
  }
}
