package dev.weft.tasks;

import dev.weft.core.Kind;
import dev.weft.core.graph.Dag;
import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.Problem;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads manifests as the commands and the server that run them do: checked, validated, and for a
 * tasks pipeline with its sub-pipelines expanded, their problems counted as the manifest's own.
 */
public final class TaskManifests {

  private TaskManifests() {}

  /** Loads and validates the manifest at {@code file}; sub-pipelines are read relative to it. */
  public static Checked load(Path file, Map<String, String> params, NodeTypes types) {
    Checked checked = Manifests.load(file, params, types);
    return expanded(checked, file.toAbsolutePath().getParent(), file.toString(), types);
  }

  /**
   * Checks and validates manifest text named {@code fileName} in problems (ending in {@code .json}:
   * JSON, otherwise YAML); sub-pipelines are read relative to {@code dir}.
   */
  public static Checked parse(
      String text, String fileName, Path dir, Map<String, String> params, NodeTypes types) {
    return expanded(Manifests.parse(text, fileName, params, types), dir, fileName, types);
  }

  private static Checked expanded(Checked checked, Path dir, String source, NodeTypes types) {
    if (!checked.valid() || checked.pipeline().kind() != Kind.TASKS) {
      return checked;
    }
    Checked expanded = SubPipelines.expand(checked.pipeline(), dir, source, types);
    return expanded.valid()
        ? new Checked(expanded.pipeline(), List.of(), Dag.of(expanded.pipeline()).sort())
        : expanded;
  }

  /**
   * A problem as {@code weft validate --json} gives it: file, line and column (null when unknown),
   * node, message and hint.
   */
  public static Map<String, Object> json(Problem p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("file", p.position().file());
    out.put("line", p.position().known() ? p.position().line() : null);
    out.put("column", p.position().known() ? p.position().column() : null);
    out.put("node", p.nodeId());
    out.put("message", p.message());
    out.put("hint", p.hint());
    return out;
  }
}
