package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One method of the API: its name, what it does, its params and result schemas, the scope it needs
 * and its handler. The table of these both dispatches requests and writes the OpenRPC document.
 *
 * @param params an object schema of the named params; positional params are taken in its order
 * @param positional turns the params as given (positional ones, a JSON array, or another shape the
 *     method accepts) into named ones, or {@code null} to map positional params onto the params in
 *     order
 * @param waits the call waits (a long poll) without touching the store meanwhile: it does not take
 *     one of the turns that bound how many calls use the store at once
 */
record RpcMethod(
    String name,
    String summary,
    Scope scope,
    ObjectNode params,
    JsonNode result,
    UnaryOperator<JsonNode> positional,
    Handler handler,
    boolean waits) {

  /** What a method does with a call. */
  interface Handler {
    JsonNode call(Call call) throws Exception;
  }

  /** A call: the params by name, checked against the schema, and who makes it. */
  record Call(ObjectNode params, Caller caller) {}

  RpcMethod(
      String name,
      String summary,
      Scope scope,
      ObjectNode params,
      JsonNode result,
      Handler handler) {
    this(name, summary, scope, params, result, null, handler, false);
  }

  RpcMethod(
      String name,
      String summary,
      Scope scope,
      ObjectNode params,
      JsonNode result,
      UnaryOperator<JsonNode> positional,
      Handler handler) {
    this(name, summary, scope, params, result, positional, handler, false);
  }

  /** The same method as a long poll ({@link #waits}). */
  RpcMethod waiting() {
    return new RpcMethod(name, summary, scope, params, result, positional, handler, true);
  }

  /** The names of the params, in order. */
  List<String> paramNames() {
    List<String> names = new ArrayList<>();
    Iterator<String> it = params.path("properties").fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  /** The params as an object by name, checked against the schema. */
  ObjectNode named(JsonNode given) {
    JsonNode params = given == null ? Jsons.object() : given;
    if (positional != null) {
      params = positional.apply(params);
    }
    if (params.isArray()) {
      {
        List<String> names = paramNames();
        if (params.size() > names.size()) {
          throw RpcException.invalidParams(
              "params",
              "takes at most " + names.size() + " positional params, got " + params.size());
        }
        ObjectNode byName = Jsons.object();
        for (int i = 0; i < params.size(); i++) {
          byName.set(names.get(i), params.get(i));
        }
        params = byName;
      }
    }
    if (!params.isObject()) {
      throw RpcException.invalidParams("params", "must be an object or an array");
    }
    Schemas.check(this.params, params, "");
    return (ObjectNode) params;
  }
}
