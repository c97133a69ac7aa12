package dev.weft.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * A call to a Weft server that did not answer a result: the server's JSON-RPC error ({@link #code},
 * the message, {@link #data}), or, with {@link #unreachable()} true, why the server could not be
 * reached or did not speak JSON-RPC.
 */
public final class RemoteCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The code {@link #unreachable()} errors carry: no JSON-RPC error code was received. */
  public static final int UNREACHABLE = 0;

  private final int code;
  private final transient JsonNode data;

  /** The server's error {@code code} with its {@code message} and {@code data} (or null). */
  public RemoteCallException(int code, String message, JsonNode data) {
    super(message);
    this.code = code;
    this.data = data;
  }

  private RemoteCallException(String message, Throwable cause) {
    super(message, cause);
    this.code = UNREACHABLE;
    this.data = null;
  }

  static RemoteCallException unreachable(URI server, String why, Throwable cause) {
    return new RemoteCallException("cannot reach the Weft server at " + server + ": " + why, cause);
  }

  /** The JSON-RPC error code, or {@link #UNREACHABLE}. */
  public int code() {
    return code;
  }

  /** The error's {@code data} object, or null. */
  public JsonNode data() {
    return data;
  }

  /** Whether the server could not be reached (or did not answer JSON-RPC). */
  public boolean unreachable() {
    return code == UNREACHABLE;
  }
}
