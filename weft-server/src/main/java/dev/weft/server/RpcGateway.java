package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.Tracing;
import dev.weft.tasks.store.TaskStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The server's methods for front ends other than {@code POST /rpc} (the MCP server): what each
 * method takes and answers, and a call of one as a given caller through the very checks a JSON-RPC
 * request passes (scope, params schema, timeout, error codes), so the two cannot differ.
 */
public final class RpcGateway implements AutoCloseable {

  /**
   * A method as the OpenRPC document describes it.
   *
   * @param scope {@code read}, {@code submit} or {@code admin}
   * @param params an object schema of its params
   * @param result the schema of its result
   */
  public record Method(
      String name, String summary, String scope, ObjectNode params, JsonNode result) {}

  /** Who calls: the user a token names and what it allows; opaque outside this package. */
  public static final class Identity {
    private final Caller caller;

    private Identity(Caller caller) {
      this.caller = caller;
    }

    /** The user, or {@code null} on a server without auth. */
    public String user() {
      return caller.user();
    }

    /**
     * Whether the token allows {@code scope} ({@code read}, {@code submit} or {@code admin}): admin
     * allows all, submit allows read.
     */
    public boolean allows(String scope) {
      return caller.allows(Scope.valueOf(scope.toUpperCase(java.util.Locale.ROOT)));
    }

    /**
     * The same caller, in the trace of the request's W3C {@code traceparent} and {@code tracestate}
     * headers (either may be {@code null}): the runs it submits join that trace.
     */
    public Identity inTrace(String traceparent, String tracestate) {
      return new Identity(caller.inTrace(traceparent, tracestate));
    }
  }

  /** A call answered with a JSON-RPC error: its code, message and {@code data}. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient JsonNode data;

    /** An error with this code, message and {@code data} (or null). */
    public Failure(int code, String message, JsonNode data) {
      super(message);
      this.code = code;
      this.data = data;
    }

    /** The error code (docs/api.md lists them). */
    public int code() {
      return code;
    }

    /** The error's {@code data} object (the field and reason, the problems, ...), or null. */
    public JsonNode data() {
      return data;
    }
  }

  /** Why a request's credentials are refused (HTTP 401). */
  public static final class Unauthorized extends Exception {
    private static final long serialVersionUID = 1L;

    Unauthorized(String reason) {
      super(reason);
    }
  }

  private final MethodTable methods;
  private final JsonRpc rpc;
  private final Auth auth;
  private final EventTail events;
  private final EventFeed ownFeed;

  /**
   * @param ownFeed the feed of {@code events} when the gateway made it (closed with it), else null
   */
  RpcGateway(MethodTable methods, JsonRpc rpc, Auth auth, EventTail events, EventFeed ownFeed) {
    this.methods = methods;
    this.rpc = rpc;
    this.auth = auth;
    this.events = events;
    this.ownFeed = ownFeed;
  }

  /**
   * The methods over {@code store} for one local user, with no HTTP and no auth: every call is made
   * as {@link #local()}; and the store's event log, followed as the server follows it. Close it to
   * stop its calls and its feed.
   */
  public static RpcGateway local(ServerConfig config, TaskStore store, NodeTypes types) {
    return local(config, store, types, Tracing.NONE);
  }

  /**
   * {@link #local(ServerConfig, TaskStore, NodeTypes)}, the runs it submits traced in {@code
   * tracing}.
   */
  public static RpcGateway local(
      ServerConfig config, TaskStore store, NodeTypes types, Tracing tracing) {
    MethodTable table =
        MethodTable.serving(new Api(store, types, config, Clock.systemUTC(), tracing), List.of());
    JsonRpc rpc =
        new JsonRpc(table, config.maxBatch(), config.timeout(), (method, outcome, nanos) -> {});
    EventFeed feed = new EventFeed(store);
    return new RpcGateway(
        table,
        rpc,
        new Auth(List.of(), null, Clock.systemUTC()),
        new EventTail(store, feed, config.timeout()),
        feed);
  }

  /** The caller of a server without auth: any user, every scope. */
  public static Identity local() {
    return new Identity(Caller.LOCAL);
  }

  /** The method of this name, if served. */
  public Optional<Method> method(String name) {
    return methods
        .find(name)
        .map(m -> new Method(m.name(), m.summary(), m.scope().display(), m.params(), m.result()));
  }

  /** The store's event log, as it is written (by this process or any other on the store). */
  public EventTail events() {
    return events;
  }

  /** Whether requests need a token. */
  public boolean authEnabled() {
    return auth.enabled();
  }

  /** The caller of a request with this {@code Authorization} header (or none). */
  public Identity authenticate(String authorization) throws Unauthorized {
    try {
      return new Identity(auth.authenticate(authorization));
    } catch (Auth.Unauthorized e) {
      throw new Unauthorized(e.getMessage());
    }
  }

  /**
   * Calls {@code method} with {@code params} (an object or an array, or null) as {@code who}.
   *
   * @throws Failure what a JSON-RPC request would get as its error
   */
  public JsonNode call(String method, JsonNode params, Identity who) throws Failure {
    RpcMethod target =
        methods
            .find(method)
            .orElseThrow(() ->
                new Failure(
                    Errors.METHOD_NOT_FOUND,
                    "Method not found",
                    Jsons.object().put("method", method)));
    try {
      return rpc.call(target, params, who.caller);
    } catch (RpcException e) {
      throw new Failure(e.code(), e.getMessage(), e.data());
    }
  }

  @Override
  public void close() {
    rpc.close();
    if (ownFeed != null) {
      ownFeed.close();
    }
  }
}
