package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request answered with an A2A error: the code the specification assigns, a message that says
 * what to do, and the field or reason behind it.
 */
final class A2aError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL = -32603;
  static final int TASK_NOT_FOUND = -32001;
  static final int TASK_NOT_CANCELABLE = -32002;
  static final int PUSH_NOT_SUPPORTED = -32003;
  static final int UNSUPPORTED_OPERATION = -32004;
  static final int CONTENT_TYPE_NOT_SUPPORTED = -32005;
  static final int EXTENDED_CARD_NOT_CONFIGURED = -32007;
  static final int VERSION_NOT_SUPPORTED = -32009;

  /** Weft's own: no token or a bad one (HTTP 401), or a token without the scope (HTTP 403). */
  static final int UNAUTHORIZED = -32000;

  private final int code;
  private final String field;
  private final String reason;
  private final transient JsonNode detail;
  private int status = 200;

  A2aError(int code, String message, String field, String reason) {
    this(code, message, field, reason, null);
  }

  A2aError(int code, String message, String field, String reason, JsonNode detail) {
    super(message);
    this.code = code;
    this.field = field;
    this.reason = reason;
    this.detail = detail;
  }

  static A2aError invalidParams(String field, String reason) {
    return new A2aError(INVALID_PARAMS, "Invalid params: " + field + ": " + reason, field, reason);
  }

  /** The token lacks the scope the operation needs (HTTP 403). */
  static A2aError forbidden(String message) {
    A2aError e = new A2aError(UNAUTHORIZED, message, null, "the token lacks the scope");
    e.status = 403;
    return e;
  }

  /** No token, or a bad one (HTTP 401). */
  static A2aError unauthorized(String reason) {
    A2aError e = new A2aError(UNAUTHORIZED, "Unauthorized: " + reason, null, reason);
    e.status = 401;
    return e;
  }

  /** The HTTP status of the response that carries it. */
  int status() {
    return status;
  }

  static A2aError taskNotFound(String id) {
    return new A2aError(
        TASK_NOT_FOUND, "Task not found: " + id, "id", "no such task, or not yours");
  }

  int code() {
    return code;
  }

  /**
   * The JSON-RPC error object: in 1.0 its {@code data} is a list of typed details (a {@code
   * google.rpc.BadRequest} naming the field, or a {@code google.rpc.ErrorInfo}); in 0.3 an object
   * with the field, reason and Weft's own detail.
   */
  ObjectNode toJson(Dialect dialect) {
    ObjectNode error = A2aJson.object().put("code", code).put("message", getMessage());
    if (dialect == Dialect.V0_3) {
      ObjectNode data = error.putObject("data");
      data.put("field", field).put("reason", reason);
      if (detail != null) {
        data.set("detail", detail);
      }
      return error;
    }
    ArrayNode data = error.putArray("data");
    if (code == INVALID_PARAMS && field != null) {
      data.addObject()
          .put("@type", "type.googleapis.com/google.rpc.BadRequest")
          .putArray("fieldViolations")
          .addObject()
          .put("field", field)
          .put("description", reason);
    } else {
      ObjectNode info =
          data.addObject()
              .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
              .put("reason", reasonName())
              .put("domain", "a2a-protocol.org");
      ObjectNode metadata = info.putObject("metadata");
      if (field != null) {
        metadata.put("field", field);
      }
      if (reason != null) {
        metadata.put("detail", reason);
      }
    }
    if (detail != null) {
      data.addObject()
          .put("@type", "type.googleapis.com/google.protobuf.Struct")
          .set("value", detail);
    }
    return error;
  }

  private String reasonName() {
    return switch (code) {
      case TASK_NOT_FOUND -> "TASK_NOT_FOUND";
      case TASK_NOT_CANCELABLE -> "TASK_NOT_CANCELABLE";
      case PUSH_NOT_SUPPORTED -> "PUSH_NOTIFICATION_NOT_SUPPORTED";
      case UNSUPPORTED_OPERATION -> "UNSUPPORTED_OPERATION";
      case CONTENT_TYPE_NOT_SUPPORTED -> "CONTENT_TYPE_NOT_SUPPORTED";
      case EXTENDED_CARD_NOT_CONFIGURED -> "EXTENDED_AGENT_CARD_NOT_CONFIGURED";
      case VERSION_NOT_SUPPORTED -> "VERSION_NOT_SUPPORTED";
      case UNAUTHORIZED -> "UNAUTHORIZED";
      case PARSE_ERROR -> "PARSE_ERROR";
      case INVALID_REQUEST -> "INVALID_REQUEST";
      case METHOD_NOT_FOUND -> "METHOD_NOT_FOUND";
      default -> "INTERNAL";
    };
  }
}
