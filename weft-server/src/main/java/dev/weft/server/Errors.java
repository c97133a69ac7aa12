package dev.weft.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON-RPC error codes the server answers with: the specification's, then Weft's own. */
final class Errors {

  private Errors() {}

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL = -32603;

  static final int UNAUTHORIZED = -32001;
  static final int FORBIDDEN = -32003;
  static final int NOT_FOUND = -32004;
  static final int CONFLICT = -32005;
  static final int INVALID_PIPELINE = -32006;
  static final int REFUSED = -32007;
  static final int TIMEOUT = -32008;
  static final int STORE_UNAVAILABLE = -32009;

  /** Every code with what it means, as the OpenRPC document lists them. */
  static final Map<Integer, String> ALL = new LinkedHashMap<>();

  static {
    ALL.put(PARSE_ERROR, "Parse error: the body is not JSON (or not UTF-8, or nested too deep)");
    ALL.put(INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 request object");
    ALL.put(METHOD_NOT_FOUND, "Method not found");
    ALL.put(INVALID_PARAMS, "Invalid params: data.field names the field, data.reason says why");
    ALL.put(INTERNAL, "Internal error: data.error_id is in the server log");
    ALL.put(UNAUTHORIZED, "Unauthorized: no token, or a bad or expired one (HTTP 401)");
    ALL.put(FORBIDDEN, "Forbidden: the token lacks the scope the method needs");
    ALL.put(NOT_FOUND, "Not found: no such task, run, schedule or worker (or not yours)");
    ALL.put(CONFLICT, "Conflict: the task or run is not in a state that allows it");
    ALL.put(INVALID_PIPELINE, "Invalid pipeline: data.problems lists each, with line and column");
    ALL.put(REFUSED, "Refused by the server's settings (shell tasks, files on the server)");
    ALL.put(TIMEOUT, "The request took longer than the server's timeout");
    ALL.put(STORE_UNAVAILABLE, "The task store cannot be reached");
  }
}
