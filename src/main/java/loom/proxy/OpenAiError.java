package loom.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import loom.config.WireApi;

/**
 * Every error the gateway itself produces on {@code /v1}, in the OpenAI shape
 * {@code {"error":{"message","type","param","code"}}}. The factory methods below are the whole error
 * surface of the proxy: types are the ones OpenAI SDKs know ({@code invalid_request_error},
 * {@code server_error}); codes say precisely what failed.
 */
public record OpenAiError(int status, String message, String type, String param, String code) {
  static final String INVALID_REQUEST = "invalid_request_error";
  static final String SERVER_ERROR = "server_error";
  static final String PROVIDER_OVERLOADED = "provider_overloaded";
  static final String GATEWAY_OVERLOADED = "gateway_overloaded";
  static final String INSUFFICIENT_QUOTA = "insufficient_quota";

  private static final ObjectMapper JSON = new ObjectMapper();

  static OpenAiError invalidApiKey(String message) {
    return new OpenAiError(401, message, INVALID_REQUEST, null, "invalid_api_key");
  }

  /** @param detail what is wrong and where, never a quote of the body (it may hold anything the client sent) */
  static OpenAiError invalidJson(String detail) {
    return new OpenAiError(
        400,
        "We could not parse the JSON body of your request: "
            + detail
            + ". Send a JSON object with Content-Type: application/json.",
        INVALID_REQUEST,
        null,
        "invalid_json");
  }

  /** The client stopped sending its body (the container's read timeout) or the connection broke while it did. */
  static OpenAiError bodyNotReceived() {
    return new OpenAiError(
        408,
        "The request body did not arrive: the client stopped sending it before the server's "
            + "read timeout, or the connection failed. Send the whole body at once.",
        INVALID_REQUEST,
        null,
        "request_timeout");
  }

  static OpenAiError missingParameter(String param) {
    return new OpenAiError(
        400,
        "Missing required parameter: '" + param + "'.",
        INVALID_REQUEST,
        param,
        "missing_required_parameter");
  }

  static OpenAiError invalidType(String param, String expected) {
    return new OpenAiError(
        400,
        "Invalid type for '" + param + "': expected " + expected + ".",
        INVALID_REQUEST,
        param,
        "invalid_type");
  }

  /** A parameter whose value is not one the endpoint accepts: out of range, or not an allowed value. */
  public static OpenAiError invalidValue(String param, String expected) {
    return new OpenAiError(
        400,
        "Invalid '" + param + "': expected " + expected + ".",
        INVALID_REQUEST,
        param,
        "invalid_value");
  }

  /** An input parameter ({@code input}, {@code prompt}, ...) whose content has none of the accepted shapes. */
  static OpenAiError invalidInput(String param, String expected) {
    return new OpenAiError(
        400,
        "Invalid '" + param + "': expected " + expected + ".",
        INVALID_REQUEST,
        param,
        "invalid_input");
  }

  /**
   * A request's tags break a rule of {@link loom.auth.TagRules} ({@code param} names the header or body field that
   * brought them); the message says which rule, so the client can fix the call.
   */
  static OpenAiError invalidTags(String param, String rule) {
    return new OpenAiError(
        400,
        "Invalid tags in '" + param + "': " + rule + ".",
        INVALID_REQUEST,
        param,
        "invalid_tags");
  }

  /** An explicit session id that is not one; the value is never quoted (it goes nowhere but the request log). */
  static OpenAiError invalidSession(String header, int maxLength) {
    return new OpenAiError(
        400,
        "Invalid '"
            + header
            + "': a session id is 1 to "
            + maxLength
            + " letters, digits, '_', '.', ':' or '-'.",
        INVALID_REQUEST,
        header,
        "invalid_session");
  }

  /** The caller's key may not call this model (its policy's allowed models); 403 on every API. */
  static OpenAiError modelNotAllowed(String model, java.util.List<String> allowed) {
    return new OpenAiError(
        403,
        "This API key may not use model '"
            + model
            + "'; it may use: "
            + String.join(", ", allowed)
            + ".",
        INVALID_REQUEST,
        "model",
        "model_not_allowed");
  }

  static OpenAiError unknownModel(String model, String provider) {
    return new OpenAiError(
        404,
        "The model '" + model + "' is not available on provider '" + provider + "'.",
        INVALID_REQUEST,
        "model",
        "model_not_found");
  }

  static OpenAiError noRoute(String model) {
    return new OpenAiError(
        404,
        "No provider serves the model '"
            + model
            + "'. Prefix it with a provider id "
            + "('provider/model') or configure routing.default_provider.",
        INVALID_REQUEST,
        "model",
        "model_not_found");
  }

  static OpenAiError noDefaultProvider() {
    return new OpenAiError(
        404,
        "This call names no model to route by and no provider: send X-Loom-Provider or "
            + "configure routing.default_provider.",
        INVALID_REQUEST,
        null,
        "provider_not_found");
  }

  static OpenAiError responseNotFound(String id) {
    return new OpenAiError(
        404,
        "No response with id '" + id + "' is yours on this gateway.",
        INVALID_REQUEST,
        null,
        "response_not_found");
  }

  static OpenAiError unknownProvider(String provider) {
    return new OpenAiError(
        404,
        "Unknown provider '" + provider + "'. GET /v1/models lists what is available.",
        INVALID_REQUEST,
        null,
        "provider_not_found");
  }

  static OpenAiError unknownUrl(String method, String path) {
    return new OpenAiError(
        404,
        "Unknown request URL: " + method + " " + path + ".",
        INVALID_REQUEST,
        null,
        "unknown_url");
  }

  static OpenAiError methodNotAllowed(String method, String path, String allowed) {
    return new OpenAiError(
        405,
        "Method " + method + " is not allowed on " + path + "; use " + allowed + ".",
        INVALID_REQUEST,
        null,
        "method_not_allowed");
  }

  /**
   * The error for a status the container raised on a {@code /v1} path (a failure nothing else answered), without
   * any detail of the failure.
   */
  public static OpenAiError ofContainerStatus(int status) {
    if (status >= 500) {
      return new OpenAiError(
          status,
          "The gateway failed to answer this request; its log has the details.",
          SERVER_ERROR,
          null,
          "internal_error");
    }
    return switch (status) {
      // Tomcat answers a body that stopped arriving itself (408; 400 for a broken connection)
      // before the proxy can.
      case 408 -> bodyNotReceived();
      case 400 ->
          new OpenAiError(
              400, "The request could not be read.", INVALID_REQUEST, null, "invalid_request");
      case 404 ->
          new OpenAiError(404, "Unknown request URL.", INVALID_REQUEST, null, "unknown_url");
      default ->
          new OpenAiError(
              status,
              "The request failed with HTTP " + status + ".",
              INVALID_REQUEST,
              null,
              "invalid_request");
    };
  }

  static OpenAiError bodyTooLarge(long maxBytes) {
    return new OpenAiError(
        413,
        "Request body is larger than the gateway's limit of " + maxBytes + " bytes.",
        INVALID_REQUEST,
        null,
        "request_too_large");
  }

  static OpenAiError upstreamUnavailable(String provider, String detail) {
    return new OpenAiError(
        502,
        "Upstream provider '" + provider + "' is unavailable: " + detail + ".",
        SERVER_ERROR,
        null,
        "upstream_unavailable");
  }

  static OpenAiError upstreamInvalidResponse(String provider, String detail) {
    return new OpenAiError(
        502,
        "Upstream provider '" + provider + "' sent an invalid response: " + detail + ".",
        SERVER_ERROR,
        null,
        "upstream_invalid_response");
  }

  static OpenAiError upstreamTimeout(String provider, String detail) {
    return new OpenAiError(
        504,
        "Upstream provider '" + provider + "' timed out: " + detail + ".",
        SERVER_ERROR,
        null,
        "upstream_timeout");
  }

  /** An upstream error response that was not already in the OpenAI shape, wrapped with its status kept. */
  static OpenAiError upstreamStatus(String provider, int status, String bodyExcerpt) {
    String detail = bodyExcerpt.isBlank() ? "" : ": " + bodyExcerpt;
    return new OpenAiError(
        status,
        "Upstream provider '" + provider + "' answered HTTP " + status + detail,
        status >= 500 ? SERVER_ERROR : INVALID_REQUEST,
        null,
        "upstream_error");
  }

  /**
   * The provider already has its {@code max_in_flight} calls in flight. 429, which every OpenAI SDK raises
   * as a rate-limit error and retries after the {@code Retry-After} the gateway sends with it.
   */
  static OpenAiError providerOverloaded(String provider, int maxInFlight, int retryAfterSeconds) {
    return new OpenAiError(
        429,
        "Provider '"
            + provider
            + "' already has its maximum of "
            + maxInFlight
            + " requests in flight through this gateway; retry after "
            + retryAfterSeconds
            + " s.",
        "rate_limit_exceeded",
        null,
        PROVIDER_OVERLOADED);
  }

  /** A request for an API its provider does not serve (per the provider's {@code apis}). */
  static OpenAiError apiNotServed(String provider, WireApi api, String path) {
    return new OpenAiError(
        404,
        "Provider '"
            + provider
            + "' does not serve the "
            + api.title()
            + " ("
            + path
            + "). Route the model to a provider that does, or add '"
            + api.id()
            + "' to the provider's apis.",
        INVALID_REQUEST,
        null,
        "api_not_served");
  }

  /** Whether this refuses a request only for the moment (overload), so the client should retry shortly. */
  boolean isOverload() {
    return PROVIDER_OVERLOADED.equals(code) || GATEWAY_OVERLOADED.equals(code);
  }

  static OpenAiError overloaded(int maxConcurrent) {
    return new OpenAiError(
        503,
        "The gateway is handling its maximum of "
            + maxConcurrent
            + " concurrent requests; retry shortly.",
        SERVER_ERROR,
        null,
        GATEWAY_OVERLOADED);
  }

  /**
   * A spend budget of the caller (or of the whole gateway) is used up and enforced: 429 with OpenAI's
   * {@code insufficient_quota}, the error OpenAI SDKs raise as a quota problem rather than retrying.
   */
  public static OpenAiError budgetExhausted(String message) {
    return new OpenAiError(429, message, INSUFFICIENT_QUOTA, null, INSUFFICIENT_QUOTA);
  }

  static OpenAiError internal(String requestId) {
    return new OpenAiError(
        500,
        "The gateway failed to handle the request (request id "
            + requestId
            + "); the gateway log has the details.",
        SERVER_ERROR,
        null,
        "internal_error");
  }

  byte[] toJson() {
    ObjectNode error = JSON.createObjectNode();
    error.put("message", message).put("type", type).put("param", param).put("code", code);
    ObjectNode root = JSON.createObjectNode();
    root.set("error", error);
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Writes this error as the whole response, in OpenAI's shape. Only valid while the response is not committed. */
  public void writeTo(HttpServletResponse res) throws IOException {
    writeTo(res, WireApi.CHAT);
  }

  /**
   * Writes this error as the whole response in the shape of the API that was called: Anthropic's on the Messages
   * API, OpenAI's everywhere else. Only valid while the response is not committed.
   */
  public void writeTo(HttpServletResponse res, WireApi api) throws IOException {
    boolean anthropic = api == WireApi.MESSAGES;
    byte[] body = anthropic ? AnthropicErrors.toJson(this) : toJson();
    res.resetBuffer();
    res.setStatus(anthropic ? AnthropicErrors.status(this) : status);
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
    res.flushBuffer();
  }
}
