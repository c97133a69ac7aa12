package dev.weft.tasks.builtin;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code pipeline}: a sub-pipeline, expanded into a subtree of tasks when the run is stored (see
 * {@link dev.weft.tasks.SubPipelines}). The node's own task ends the subtree: it waits for every
 * task of it and returns their results by node id.
 */
public final class PipelineType implements TaskNodeType {

  @Override
  public String name() {
    return "pipeline";
  }

  @Override
  public String description() {
    return "runs another manifest's tasks as a subtree; its result is theirs, by node id";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("file", ConfigSchema.Type.PATH, "the manifest, relative to this one")
        .optional("params", ConfigSchema.Type.MAP, "run parameters of the sub-pipeline")
        .build();
  }

  @Override
  public TaskExecutor create(Node node) {
    String prefix = node.id() + "/";
    return context -> {
      Map<String, Object> results = new LinkedHashMap<>();
      context
          .inputs()
          .forEach((id, result) -> {
            String child = id.substring(prefix.length());
            if (!child.contains("/")) { // a nested sub-pipeline's result holds its own tasks'
              results.put(child, result);
            }
          });
      return results;
    };
  }
}
