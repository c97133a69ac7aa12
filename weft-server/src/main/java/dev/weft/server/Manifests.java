package dev.weft.server;

import static dev.weft.server.Schemas.object;
import static dev.weft.server.Schemas.string;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.core.Kind;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.Problem;
import dev.weft.tasks.TaskManifests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifests of calls ({@code manifest} inline or a stored {@code pipeline} by name), read and
 * checked as the CLI does, with the server's policy applied.
 */
final class Manifests {

  private final Api api;

  Manifests(Api api) {
    this.api = api;
  }

  /** The params of a method that takes a manifest, then {@code more} of its own. */
  static ObjectNode params(String description, Object... more) {
    List<Object> props =
        new ArrayList<>(
            List.of(
                "manifest", string("the manifest text, YAML or JSON").put("maxLength", 5_000_000),
                "format",
                    Schemas.oneOfValues("the manifest's format (default yaml)", "yaml", "json"),
                "pipeline", string("the name of a stored pipeline (the server's pipelines folder)"),
                "params", Schemas.anyObject("run parameters, as --set gives them")));
    props.addAll(List.of(more));
    return object(description, props.toArray());
  }

  /** The manifest of a call, checked; its problems as they are, or -32602 for what is missing. */
  Checked load(ObjectNode p) {
    Map<String, String> params = new LinkedHashMap<>();
    if (p.has("params")) {
      p.get("params")
          .properties()
          .forEach(e ->
              params.put(
                  e.getKey(),
                  e.getValue().isTextual() ? e.getValue().asText() : Jsons.text(e.getValue())));
    }
    boolean inline = p.hasNonNull("manifest");
    boolean stored = p.hasNonNull("pipeline");
    if (inline == stored) {
      throw RpcException.invalidParams(
          "manifest", "give manifest (the text) or pipeline (a stored one's name), one of them");
    }
    if (stored) {
      return TaskManifests.load(
          new StoredPipelines(api.config.pipelines()).file(p.get("pipeline").asText(), "pipeline"),
          params,
          api.types);
    }
    String format = p.path("format").asText("yaml");
    String fileName = p.path("name").asText("manifest." + format);
    if (fileName.endsWith(".json") != format.equals("json")) {
      fileName = "manifest." + format;
    }
    return TaskManifests.parse(
        p.get("manifest").asText(), fileName, Path.of(""), params, api.types);
  }

  /** The problems of a manifest as the API answers them, as {@code weft validate --json}. */
  static ArrayNode problems(List<Problem> problems) {
    ArrayNode out = Jsons.array();
    problems.forEach(pr -> out.add(Jsons.tree(TaskManifests.json(pr))));
    return out;
  }

  /** A valid tasks pipeline, or -32006 with its problems. */
  Pipeline validPipeline(ObjectNode p) {
    Checked checked = load(p);
    if (!checked.valid()) {
      throw new RpcException(
          Errors.INVALID_PIPELINE,
          "The manifest has " + checked.problems().size() + " problem(s)",
          Jsons.object().set("problems", problems(checked.problems())));
    }
    if (checked.pipeline().kind() != Kind.TASKS) {
      throw RpcException.of(
          Errors.INVALID_PIPELINE,
          "Only kind: tasks pipelines run through the server",
          "kind",
          checked.pipeline().kind().manifestName());
    }
    for (Node node : checked.pipeline().nodes()) {
      api.checkPolicy(node, "manifest");
    }
    return checked.pipeline();
  }
}
