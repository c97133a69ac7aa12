package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.RpcGateway;
import java.util.List;

/**
 * Weft's agent card (A2A 1.0): the JSON-RPC interface at {@code /a2a} in 1.0 and 0.3, streaming, no
 * push notifications yet, one skill per stored pipeline plus {@code run-manifest}, and a bearer
 * scheme when the server takes tokens; or the same in 0.3's shape ({@code url}, {@code
 * protocolVersion}, {@code preferredTransport}, OpenAPI-style security schemes).
 */
final class AgentCard {

  private static final List<String> MODES = List.of("application/json", "text/plain");

  private final RpcGateway gateway;
  private final String version;
  private final boolean jwt;
  private final boolean push;

  /**
   * @param version the server's version
   * @param jwt whether the server takes JWTs (else only its configured tokens, when auth is on)
   * @param push whether the server sends push notifications
   */
  AgentCard(RpcGateway gateway, String version, boolean jwt, boolean push) {
    this.gateway = gateway;
    this.version = version;
    this.jwt = jwt;
    this.push = push;
  }

  /**
   * The card in this version's shape, with {@code base} (e.g. {@code http://host:8080}) as the
   * server's address.
   */
  ObjectNode card(String base, Dialect dialect) {
    String url = base + A2aHttp.PATH;
    ObjectNode card = A2aJson.object();
    if (dialect == Dialect.V0_3) {
      card.put("protocolVersion", "0.3.0");
    }
    card.put("name", "Weft");
    card.put(
        "description",
        "Runs Weft pipelines: send a stored pipeline's name and params, or a manifest, and follow"
            + " the run as an A2A task whose artifacts are its task results.");
    if (dialect == Dialect.V1_0) {
      ArrayNode interfaces = card.putArray("supportedInterfaces");
      for (Dialect d : List.of(Dialect.V1_0, Dialect.V0_3)) {
        interfaces
            .addObject()
            .put("url", url)
            .put("protocolBinding", "JSONRPC")
            .put("protocolVersion", d.version());
      }
    } else {
      card.put("url", url);
      card.put("preferredTransport", "JSONRPC");
      card.putArray("additionalInterfaces").addObject().put("url", url).put("transport", "JSONRPC");
    }
    card.put("version", version);
    ObjectNode capabilities =
        card.putObject("capabilities").put("streaming", true).put("pushNotifications", push);
    if (dialect == Dialect.V1_0) {
      capabilities.put("extendedAgentCard", gateway.authEnabled());
    }
    if (gateway.authEnabled()) {
      security(card, dialect);
    }
    MODES.forEach(card.putArray("defaultInputModes")::add);
    MODES.forEach(card.putArray("defaultOutputModes")::add);
    skills(card.putArray("skills"));
    if (dialect == Dialect.V0_3) {
      card.put("supportsAuthenticatedExtendedCard", gateway.authEnabled());
    }
    return card;
  }

  /** A bearer scheme, required: 1.0's typed scheme and requirement lists, or 0.3's OpenAPI form. */
  private void security(ObjectNode card, Dialect dialect) {
    String description =
        "a token of the server (server.tokens)" + (jwt ? " or a JWT it signs" : "");
    ObjectNode bearer = card.putObject("securitySchemes").putObject("bearer");
    if (dialect == Dialect.V1_0) {
      ObjectNode http =
          bearer
              .putObject("httpAuthSecurityScheme")
              .put("scheme", "Bearer")
              .put("description", description);
      if (jwt) {
        http.put("bearerFormat", "JWT");
      }
      card.putArray("securityRequirements")
          .addObject()
          .putObject("schemes")
          .putObject("bearer")
          .putArray("list");
    } else {
      bearer.put("type", "http").put("scheme", "bearer").put("description", description);
      if (jwt) {
        bearer.put("bearerFormat", "JWT");
      }
      card.putArray("security").addObject().putArray("bearer");
    }
  }

  private void skills(ArrayNode skills) {
    for (String name : pipelines()) {
      ObjectNode skill = skills.addObject();
      skill.put("id", "pipeline:" + name);
      skill.put("name", name);
      skill.put(
          "description",
          "Run the stored pipeline " + name + ": a data part {\"pipeline\": \"" + name + "\"}");
      skill.putArray("tags").add("pipeline").add(name);
      skill.putArray("examples").add("{\"pipeline\": \"" + name + "\", \"params\": {}}");
      skill.putArray("inputModes").add("application/json");
      skill.putArray("outputModes").add("application/json");
    }
    ObjectNode manifest = skills.addObject();
    manifest.put("id", "run-manifest");
    manifest.put("name", "Run a manifest");
    manifest.put(
        "description",
        "Run an inline Weft manifest: a data part {\"manifest\": TEXT, \"params\": {...}}, or a"
            + " text part holding the manifest");
    manifest.putArray("tags").add("manifest").add("run");
    manifest.putArray("examples").add("{\"manifest\": \"name: hello\\nnodes: ...\"}");
    MODES.forEach(manifest.putArray("inputModes")::add);
    manifest.putArray("outputModes").add("application/json");
  }

  private List<String> pipelines() {
    try {
      JsonNode list = gateway.call("pipelines.list", A2aJson.object(), RpcGateway.local());
      List<String> names = new java.util.ArrayList<>();
      list.forEach(p -> names.add(p.path("name").asText()));
      return names;
    } catch (RpcGateway.Failure f) {
      return List.of();
    }
  }
}
