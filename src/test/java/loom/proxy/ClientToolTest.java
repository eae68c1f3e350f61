package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClientToolTest {
  /** Header sets as the clients send them (CLIENTS.md, and the SDKs' sources for the Stainless headers). */
  static Stream<Arguments> clients() {
    return Stream.of(
        Arguments.of(
            "Claude Code, print mode",
            "claude-cli/2.1.332 (external, sdk-cli)",
            null,
            "cli",
            "js",
            true,
            ClientTool.CLAUDE_CODE),
        Arguments.of(
            "Claude Code, interactive",
            "claude-cli/2.1.332 (external, cli)",
            null,
            "cli",
            "js",
            true,
            ClientTool.CLAUDE_CODE),
        Arguments.of(
            "Claude Code behind a replaced User-Agent",
            "my-wrapper/1.0",
            null,
            "cli",
            "js",
            true,
            ClientTool.CLAUDE_CODE),
        Arguments.of(
            "codex exec",
            "codex_exec/0.171.0 (Ubuntu 24.4.0; x86_64) xterm-256color",
            "codex_exec",
            null,
            null,
            false,
            ClientTool.CODEX),
        Arguments.of(
            "codex interactive",
            "codex_cli_rs/0.171.0 (Mac OS 15.1.0; arm64)",
            "codex_cli_rs",
            null,
            null,
            false,
            ClientTool.CODEX),
        Arguments.of(
            "codex by originator only",
            "reqwest",
            "codex_vscode",
            null,
            null,
            false,
            ClientTool.CODEX),
        Arguments.of(
            "OpenAI Python",
            "OpenAI/Python 1.109.1",
            null,
            null,
            "python",
            false,
            ClientTool.OPENAI_SDK_PYTHON),
        Arguments.of(
            "OpenAI Node", "OpenAI/JS 7.60.0", null, null, "js", false, ClientTool.OPENAI_SDK_NODE),
        Arguments.of(
            "OpenAI Java",
            "OpenAI/Java 4.8.0",
            null,
            null,
            "java",
            false,
            ClientTool.OPENAI_SDK_JAVA),
        Arguments.of(
            "OpenAI Go", "OpenAI/Go 3.2.0", null, null, "go", false, ClientTool.OPENAI_SDK_GO),
        Arguments.of(
            "OpenAI .NET",
            "OpenAI/2.5.0 (.NET 8.0.11; Microsoft Windows 10.0.26100)",
            null,
            null,
            null,
            false,
            ClientTool.OPENAI_SDK_DOTNET),
        Arguments.of(
            "Anthropic Python",
            "Anthropic/Python 0.75.0",
            null,
            null,
            "python",
            true,
            ClientTool.ANTHROPIC_SDK_PYTHON),
        Arguments.of(
            "Anthropic TypeScript",
            "Anthropic/JS 1.17.0",
            null,
            null,
            "js",
            true,
            ClientTool.ANTHROPIC_SDK_NODE),
        Arguments.of(
            "Anthropic Java",
            "Anthropic/Java 2.11.0",
            null,
            null,
            "java",
            true,
            ClientTool.ANTHROPIC_SDK_JAVA),
        Arguments.of(
            "Anthropic Go",
            "Anthropic/Go 1.19.0",
            null,
            null,
            "go",
            true,
            ClientTool.ANTHROPIC_SDK_GO),
        Arguments.of(
            "OpenAI SDK with its User-Agent replaced",
            "my-app/2.0",
            null,
            null,
            "python",
            false,
            ClientTool.OPENAI_SDK_PYTHON),
        Arguments.of(
            "Anthropic SDK in a browser",
            "Mozilla/5.0 (X11; Linux x86_64)",
            null,
            null,
            "js",
            true,
            ClientTool.ANTHROPIC_SDK_NODE),
        Arguments.of(
            "OpenAI Kotlin header",
            "my-app/2.0",
            null,
            null,
            "kotlin",
            false,
            ClientTool.OPENAI_SDK_JAVA),
        Arguments.of(
            "LangChain JS over the OpenAI SDK",
            "langchainjs-openai/1.0.0 ((node/v22.1.0; linux; x64))",
            null,
            null,
            "js",
            false,
            ClientTool.LANGCHAIN),
        Arguments.of(
            "Vercel AI SDK",
            "ai-sdk/openai/4.0.0 ai-sdk/provider-utils/4.0.1 runtime/node.js/22",
            null,
            null,
            null,
            false,
            ClientTool.AI_SDK),
        Arguments.of(
            "AI SDK after the application's own agent",
            "my-app/1 ai-sdk/anthropic/3.0.1",
            null,
            null,
            null,
            true,
            ClientTool.AI_SDK),
        Arguments.of("LiteLLM", "litellm/1.80.0", null, null, null, false, ClientTool.LITELLM),
        Arguments.of("curl", "curl/8.5.0", null, null, null, false, ClientTool.CURL),
        Arguments.of(
            "a browser",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1.15",
            null,
            null,
            null,
            false,
            ClientTool.BROWSER),
        Arguments.of(
            "anything else", "python-requests/2.32.3", null, null, null, false, ClientTool.OTHER),
        Arguments.of(
            "an unknown Stainless language",
            "python-httpx/0.28",
            null,
            null,
            "ruby",
            false,
            ClientTool.OTHER),
        Arguments.of("no header at all", null, null, null, null, false, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void isDetectedFromTheHeadersItSends(
      String client,
      String userAgent,
      String originator,
      String app,
      String lang,
      boolean anthropicVersion,
      ClientTool expected) {
    assertThat(ClientTool.detect(userAgent, originator, app, lang, anthropicVersion))
        .isEqualTo(expected);
  }

  @Test
  void readsTheHeadersOfARequestWhateverTheirCase() {
    FakeCall claudeCode =
        new FakeCall("/messages")
            .header("User-Agent", "claude-cli/2.1.332 (external, cli)")
            .header("X-App", "cli")
            .header("X-Stainless-Lang", "js")
            .header("Anthropic-Version", "2023-06-01");
    FakeCall sdk =
        new FakeCall("/messages")
            .header("user-agent", "Mozilla/5.0")
            .header("x-stainless-lang", "python")
            .header("anthropic-version", "2023-06-01");

    assertThat(ClientTool.of(claudeCode.request())).isEqualTo(ClientTool.CLAUDE_CODE);
    assertThat(ClientTool.of(sdk.request())).isEqualTo(ClientTool.ANTHROPIC_SDK_PYTHON);
  }

  @Test
  void namesAreStableLowerCaseAndDistinct() {
    assertThat(Arrays.stream(ClientTool.values()).map(ClientTool::id))
        .allMatch(id -> id.matches("[a-z-]+"))
        .doesNotHaveDuplicates()
        .contains("claude-code", "codex", "openai-sdk-python", "anthropic-sdk-node", "other");
    assertThat(
            Arrays.stream(ClientTool.values()).map(ClientTool::id).collect(Collectors.joining(",")))
        .hasSizeLessThan(400);
  }
}
