package loom.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The gateway's own errors as Anthropic's API writes them, for the Messages API paths:
 * {@code {"type":"error","error":{"type":…,"message":…}}} with Anthropic's statuses, so that Claude Code and the
 * Anthropic SDKs show the message and retry (or not) as they do for Anthropic itself. Two statuses change: the
 * gateway's own overload (503) is Anthropic's {@code 529 overloaded_error}, and a used-up budget (OpenAI's
 * {@code 429 insufficient_quota}) is {@code 402 billing_error}, which clients show at once instead of retrying.
 */
final class AnthropicErrors {
  static final int OVERLOADED = 529;
  static final int BILLING = 402;

  private AnthropicErrors() {}

  /** The status this error has on an Anthropic path. */
  static int status(OpenAiError error) {
    if (OpenAiError.GATEWAY_OVERLOADED.equals(error.code())) {
      return OVERLOADED;
    }
    if (OpenAiError.INSUFFICIENT_QUOTA.equals(error.code())) {
      return BILLING;
    }
    return error.status();
  }

  /** Anthropic's error type for a status. */
  static String type(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 504 -> "timeout_error";
      case OVERLOADED -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  /** The whole error body. */
  static byte[] toJson(OpenAiError error) {
    return body(error).toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The error object of the body ({@code type} and {@code message}), also what an SSE {@code error} event carries. */
  static ObjectNode body(OpenAiError error) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("type", "error");
    root.putObject("error").put("type", type(status(error))).put("message", error.message());
    return root;
  }
}
