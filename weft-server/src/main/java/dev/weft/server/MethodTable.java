package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The methods the server answers, by name: what {@link JsonRpc} dispatches to and what the OpenRPC
 * document at {@code /openrpc.json} describes, from the same entries, so the two cannot differ.
 */
final class MethodTable {

  private final Map<String, RpcMethod> methods = new LinkedHashMap<>();

  MethodTable(Collection<RpcMethod> entries) {
    for (RpcMethod m : entries) {
      if (methods.putIfAbsent(m.name(), m) != null) {
        throw new IllegalArgumentException("method " + m.name() + " is defined twice");
      }
    }
  }

  /** The task API's methods and Weft's own over {@code api}, then {@code extra}. */
  static MethodTable serving(Api api, List<RpcMethod> extra) {
    List<RpcMethod> all = new java.util.ArrayList<>(new TaskMethods(api).methods());
    all.addAll(new WeftMethods(api).methods());
    all.addAll(new WebhookMethods(api).methods());
    all.addAll(extra);
    return new MethodTable(all);
  }

  Optional<RpcMethod> find(String name) {
    return Optional.ofNullable(methods.get(name));
  }

  Collection<RpcMethod> all() {
    return methods.values();
  }

  /** The OpenRPC 1.3 document of these methods. */
  ObjectNode openRpc(String version) {
    ObjectNode doc = Jsons.object();
    doc.put("openrpc", "1.3.2");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Weft");
    info.put("version", version);
    info.put(
        "description",
        "The task-tree API of the orchestrator Weft replaces, and Weft's own methods."
            + " See docs/api.md.");
    doc.putArray("servers").addObject().put("name", "weft").put("url", "/rpc");
    ArrayNode list = doc.putArray("methods");
    for (RpcMethod m : methods.values()) {
      ObjectNode method = list.addObject();
      method.put("name", m.name());
      method.put("summary", m.summary());
      method.put("paramStructure", "either");
      method.put("x-scope", m.scope().display());
      ArrayNode params = method.putArray("params");
      List<String> required = new java.util.ArrayList<>();
      m.params().path("required").forEach(r -> required.add(r.asText()));
      for (String name : m.paramNames()) {
        JsonNode schema = m.params().path("properties").get(name);
        ObjectNode param = params.addObject();
        param.put("name", name);
        param.put("required", required.contains(name));
        if (schema.has("description")) {
          param.put("description", schema.get("description").asText());
        }
        param.set("schema", schema);
      }
      ObjectNode result = method.putObject("result");
      result.put("name", m.name().replace('.', '_') + "_result");
      result.set("schema", m.result());
      ArrayNode errors = method.putArray("errors");
      for (Map.Entry<Integer, String> e : Errors.ALL.entrySet()) {
        errors.addObject().put("$ref", "#/components/errors/E" + (-e.getKey()));
      }
    }
    ObjectNode errors = doc.putObject("components").putObject("errors");
    for (Map.Entry<Integer, String> e : Errors.ALL.entrySet()) {
      errors.putObject("E" + (-e.getKey())).put("code", e.getKey()).put("message", e.getValue());
    }
    return doc;
  }
}
