package dev.weft.tasks.builtin;

import dev.weft.core.Kind;
import dev.weft.core.Node;
import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Checked;
import dev.weft.stream.NodeStats;
import dev.weft.stream.StreamPipelines;
import dev.weft.stream.StreamResult;
import dev.weft.stream.StreamRun;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code stream}: runs a stream pipeline as one task, to the end of its sources. Its result is the
 * run's counters per node; a failed stream fails the attempt (and the retry rule applies); a
 * cancelled or timed-out task stops the stream, closing every node.
 */
public final class StreamTaskType implements TaskNodeType {

  /** The node types on the class path, found once, on first use. */
  private static final class Installed {
    static final NodeTypes TYPES = NodeTypes.load();
  }

  @Override
  public String name() {
    return "stream";
  }

  @Override
  public String description() {
    return "runs a kind: stream manifest to its end; its result is the nodes' counters";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("file", ConfigSchema.Type.PATH, "the stream manifest, relative to this one")
        .optional("params", ConfigSchema.Type.MAP, "run parameters of the stream pipeline")
        .build();
  }

  @Override
  public TaskExecutor create(Node node) {
    Path file = Path.of(String.valueOf(node.with().get("file")));
    Map<String, String> params = new LinkedHashMap<>();
    if (node.with().get("params") instanceof Map<?, ?> given) {
      given.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
    }
    return context -> {
      NodeTypes types = Installed.TYPES;
      Checked checked = Manifests.load(file, params, "node '" + node.id() + "' passes", types);
      if (!checked.valid()) {
        throw new IllegalArgumentException(
            file
                + ": "
                + checked.problems().size()
                + " problems, the first: "
                + checked.problems().getFirst());
      }
      if (checked.pipeline().kind() != Kind.STREAM) {
        throw new IllegalArgumentException(file + " is not a kind: stream manifest");
      }
      StreamRun run = StreamPipelines.graph(checked.pipeline(), types).start();
      StreamResult result;
      try {
        result = run.await();
      } catch (InterruptedException e) {
        run.cancel(); // the task was cancelled or timed out: stop the stream, close its nodes
        run.await();
        throw e;
      }
      if (result.status() == StreamResult.Status.FAILED) {
        throw new IllegalStateException(
            "stream "
                + checked.pipeline().name()
                + " failed at node "
                + result.failedNode()
                + ": "
                + result.error());
      }
      Map<String, Object> nodes = new LinkedHashMap<>();
      for (NodeStats n : result.nodes()) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("in", n.in());
        counts.put("out", n.out());
        counts.put("dropped", n.dropped());
        counts.put("errors", n.errors());
        nodes.put(n.nodeId(), counts);
      }
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
      summary.put("seconds", result.took().toMillis() / 1000.0);
      summary.put("nodes", nodes);
      return summary;
    };
  }
}
