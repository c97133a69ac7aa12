package dev.weft.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.RpcGateway;

/**
 * One MCP tool: a JSON-RPC method under another name, its params as the input schema and its result
 * as the output schema (inside {@code {wrap: ...}} when the result is not an object, as MCP's
 * structured content must be).
 *
 * @param name the tool's name
 * @param title what a person reads
 * @param method the JSON-RPC method it calls
 * @param wrap the property the result goes in when it is not an object
 * @param readOnly whether it changes nothing
 */
record Tool(String name, String title, String method, String wrap, boolean readOnly) {

  /** The tool's input schema: the method's params. */
  ObjectNode input(RpcGateway.Method m) {
    return m.params().deepCopy();
  }

  /** The tool's output schema: the method's result, as an object. */
  ObjectNode output(RpcGateway.Method m) {
    if (wrap == null) {
      return (ObjectNode) m.result().deepCopy();
    }
    ObjectNode schema = McpJson.MAPPER.createObjectNode().put("type", "object");
    schema.putObject("properties").set(wrap, m.result().deepCopy());
    schema.putArray("required").add(wrap);
    return schema;
  }

  /** The structured content of a result. */
  ObjectNode structured(JsonNode result) {
    if (wrap == null) {
      return (ObjectNode) result;
    }
    ObjectNode out = McpJson.MAPPER.createObjectNode();
    out.set(wrap, result);
    return out;
  }
}
