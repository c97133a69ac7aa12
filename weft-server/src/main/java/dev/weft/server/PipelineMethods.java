package dev.weft.server;

import static dev.weft.server.Schemas.arrayOf;
import static dev.weft.server.Schemas.object;
import static dev.weft.server.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The stored pipelines (the server's pipelines folder): {@code pipelines.list} and {@code get}. */
final class PipelineMethods {

  private final Api api;

  PipelineMethods(Api api) {
    this.api = api;
  }

  private StoredPipelines stored() {
    return new StoredPipelines(api.config.pipelines());
  }

  List<RpcMethod> methods() {
    List<RpcMethod> m = new ArrayList<>();
    m.add(
        new RpcMethod(
            "pipelines.list",
            "The stored pipelines (the server's pipelines folder), by name",
            Scope.READ,
            object("nothing"),
            arrayOf(Schemas.type("object", "name, file"), null),
            this::list));
    m.add(
        new RpcMethod(
            "pipelines.get",
            "A stored pipeline's manifest text",
            Scope.READ,
            object("the pipeline", "!name", string("its name (pipelines.list)")),
            object(
                "the pipeline",
                "name",
                string(null),
                "format",
                string("yaml or json"),
                "manifest",
                string("the manifest text")),
            this::get));
    return m;
  }

  private JsonNode list(RpcMethod.Call call) {
    ArrayNode out = Jsons.array();
    stored()
        .all()
        .forEach((name, file) ->
            out.addObject().put("name", name).put("file", file.getFileName().toString()));
    return out;
  }

  private JsonNode get(RpcMethod.Call call) throws IOException {
    String name = call.params().get("name").asText();
    Path file = stored().file(name, "name");
    String fileName = file.getFileName().toString();
    return Jsons.object()
        .put("name", name)
        .put("format", fileName.endsWith(".json") ? "json" : "yaml")
        .put("manifest", Files.readString(file));
  }
}
