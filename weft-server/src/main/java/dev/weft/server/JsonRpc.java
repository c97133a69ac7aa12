package dev.weft.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.tasks.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 as the specification has it: single requests and batches, notifications (no
 * response; a batch of only notifications has none either), and its error codes. Each call runs on
 * a virtual thread of its own, within the server's timeout.
 *
 * <p>At most {@link #CONCURRENT_CALLS} calls run at once; the others wait their turn, in order,
 * within the same timeout. Each running call may hold a database connection, and a pool asked for
 * more than it has fails the extra requests after its own wait (5 s), where a queue here only
 * delays them.
 */
final class JsonRpc implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JsonRpc.class);

  /** What a call did, for metrics: method name (or a placeholder) and outcome. */
  interface Observer {
    void called(String method, String outcome, long nanos);
  }

  private final MethodTable methods;
  private final int maxBatch;
  private final Duration timeout;
  private final Observer observer;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

  /** Calls run at once: under the store's default pool of 10, less what its worker holds. */
  static final int CONCURRENT_CALLS = 6;

  private final Semaphore running = new Semaphore(CONCURRENT_CALLS, true);

  JsonRpc(MethodTable methods, int maxBatch, Duration timeout, Observer observer) {
    this.methods = methods;
    this.maxBatch = maxBatch;
    this.timeout = timeout;
    this.observer = observer;
  }

  /** The response to a request body, or empty when there is none to send (notifications). */
  Optional<JsonNode> handle(byte[] body, Caller caller) {
    JsonNode request;
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
      request = Jsons.MAPPER.readTree(text);
    } catch (CharacterCodingException e) {
      observer.called("-", "parse_error", 0);
      return Optional.of(error(null, Errors.PARSE_ERROR, "Parse error", reason("not valid UTF-8")));
    } catch (StreamConstraintsException e) {
      observer.called("-", "parse_error", 0);
      return Optional.of(
          error(
              null,
              Errors.PARSE_ERROR,
              "Parse error",
              reason("nested deeper than " + Jsons.MAX_DEPTH + " levels, or too long")));
    } catch (JsonProcessingException e) {
      observer.called("-", "parse_error", 0);
      return Optional.of(
          error(null, Errors.PARSE_ERROR, "Parse error", reason(e.getOriginalMessage())));
    }
    if (request == null || request.isMissingNode()) {
      return Optional.of(
          error(null, Errors.PARSE_ERROR, "Parse error", reason("the body is empty")));
    }
    if (!request.isArray()) {
      return one(request, caller);
    }
    if (request.isEmpty()) {
      return Optional.of(
          error(null, Errors.INVALID_REQUEST, "Invalid Request", reason("the batch is empty")));
    }
    if (request.size() > maxBatch) {
      return Optional.of(
          error(
              null,
              Errors.INVALID_REQUEST,
              "Invalid Request",
              reason(
                  "a batch holds at most " + maxBatch + " requests, this one " + request.size())));
    }
    ArrayNode responses = Jsons.array();
    for (JsonNode member : request) {
      one(member, caller).ifPresent(responses::add);
    }
    return responses.isEmpty() ? Optional.empty() : Optional.of(responses);
  }

  private Optional<JsonNode> one(JsonNode request, Caller caller) {
    if (!request.isObject()) {
      return invalid(null, "a request must be an object, not " + Schemas.kind(request));
    }
    JsonNode id = request.get("id");
    boolean notification = !request.has("id");
    if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
      return invalid(null, "id must be a string, a number or null");
    }
    JsonNode version = request.get("jsonrpc");
    if (version == null || !version.isTextual() || !version.textValue().equals("2.0")) {
      return invalid(id, "jsonrpc must be exactly \"2.0\"");
    }
    JsonNode method = request.get("method");
    if (method == null || !method.isTextual()) {
      return invalid(id, "method must be a string");
    }
    JsonNode params = request.get("params");
    if (params != null && !params.isObject() && !params.isArray()) {
      return invalid(id, "params must be an object or an array");
    }
    String name = method.textValue();
    long start = System.nanoTime();
    JsonNode response;
    String outcome = "ok";
    RpcMethod target = methods.find(name).orElse(null);
    if (target == null) {
      outcome = "method_not_found";
      response =
          error(
              id, Errors.METHOD_NOT_FOUND, "Method not found", Jsons.object().put("method", name));
      name = "-"; // an unknown name is no label for metrics
    } else {
      try {
        response = result(id, call(target, params, caller));
      } catch (RpcException e) {
        outcome = "error_" + (-e.code());
        response = error(id, e.code(), e.getMessage(), e.data());
      }
    }
    observer.called(name, outcome, System.nanoTime() - start);
    return notification ? Optional.empty() : Optional.of(response);
  }

  /** One call of {@code method}: scope, params, timeout and errors as for a request. */
  JsonNode call(RpcMethod method, JsonNode params, Caller caller) {
    if (!caller.allows(method.scope())) {
      throw RpcException.of(
          Errors.FORBIDDEN,
          "Forbidden: " + method.name() + " needs the " + method.scope().display() + " scope",
          "needs",
          method.scope().display(),
          "has",
          caller.scopes().stream().map(Scope::display).sorted().toList());
    }
    ObjectNode named = method.named(params);
    Future<JsonNode> call =
        calls.submit(() -> {
          if (method.waits()) {
            return method.handler().call(new RpcMethod.Call(named, caller));
          }
          running.acquire();
          try {
            return method.handler().call(new RpcMethod.Call(named, caller));
          } finally {
            running.release();
          }
        });
    try {
      JsonNode result = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return result == null ? JsonNodeFactory.instance.nullNode() : result;
    } catch (TimeoutException e) {
      call.cancel(true);
      throw RpcException.of(
          Errors.TIMEOUT,
          method.name() + " took longer than " + timeout.toMillis() + " ms",
          "timeout_ms",
          timeout.toMillis());
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw RpcException.of(Errors.INTERNAL, "Internal error: the server is stopping");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RpcException rpc) {
        throw rpc;
      }
      if (cause instanceof StoreException store) {
        String errorId = errorId();
        LOG.warn(
            "{} [error {}]: the task store failed: {}", method.name(), errorId, store.getMessage());
        throw RpcException.of(
            Errors.STORE_UNAVAILABLE, "The task store cannot be reached", "error_id", errorId);
      }
      String errorId = errorId();
      LOG.error("{} failed [error {}]", method.name(), errorId, cause);
      throw RpcException.of(
          Errors.INTERNAL,
          "Internal error (see the server log for error " + errorId + ")",
          "error_id",
          errorId);
    }
  }

  private static String errorId() {
    return UUID.randomUUID().toString().substring(0, 12);
  }

  private Optional<JsonNode> invalid(JsonNode id, String why) {
    observer.called("-", "invalid_request", 0);
    JsonNode useId = id == null || id.isMissingNode() ? null : id;
    return Optional.of(error(useId, Errors.INVALID_REQUEST, "Invalid Request", reason(why)));
  }

  private static ObjectNode reason(String why) {
    return Jsons.object().put("reason", why);
  }

  static ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode response = Jsons.object();
    response.put("jsonrpc", "2.0");
    response.set("result", result);
    response.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
    return response;
  }

  static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
    ObjectNode response = Jsons.object();
    response.put("jsonrpc", "2.0");
    ObjectNode error = response.putObject("error");
    error.put("code", code);
    error.put("message", message);
    if (data != null) {
      error.set("data", data);
    }
    response.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
    return response;
  }

  @Override
  public void close() {
    calls.shutdownNow();
  }
}
