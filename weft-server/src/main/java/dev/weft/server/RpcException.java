package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON-RPC error a method answers with: its code, a one-sentence message and a {@code data}
 * object. The codes are listed in {@link Errors} and in docs/api.md.
 */
final class RpcException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int code;
  private final transient JsonNode data;

  RpcException(int code, String message, JsonNode data) {
    super(message);
    this.code = code;
    this.data = data;
  }

  int code() {
    return code;
  }

  JsonNode data() {
    return data;
  }

  /** -32602 naming the field and why: {@code data} is {@code {field, reason}}. */
  static RpcException invalidParams(String field, String reason) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("field", field);
    data.put("reason", reason);
    return new RpcException(
        Errors.INVALID_PARAMS, "Invalid params: " + field + ": " + reason, data);
  }

  /** An application error with a {@code data} object of key-value pairs. */
  static RpcException of(int code, String message, Object... keyValues) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      data.set(String.valueOf(keyValues[i]), Jsons.MAPPER.valueToTree(keyValues[i + 1]));
    }
    return new RpcException(code, message, data);
  }
}
