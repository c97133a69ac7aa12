package dev.weft.cli;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Checked;
import dev.weft.tasks.TaskManifests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that reads a manifest shares. */
final class ManifestOptions {

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Sets a run parameter. Repeatable.%nThe manifest reads it as $${params.KEY}.")
  Map<String, String> params = new LinkedHashMap<>();

  private NodeTypes types;

  /** The node types on the class path, found once per command. */
  NodeTypes types() {
    if (types == null) {
      types = NodeTypes.load();
    }
    return types;
  }

  /** Loads and validates {@code file} with the node types on the class path. */
  Checked load(Path file) {
    return TaskManifests.load(file, params, types());
  }

  /**
   * The pipeline of {@code file} if it is valid; otherwise prints its problems and what did not
   * happen because of them ({@code consequence}, e.g. "nothing was run") and returns null.
   */
  Pipeline loadValid(Path file, PrintWriter err, String consequence) {
    Checked checked = load(file);
    if (checked.valid()) {
      return checked.pipeline();
    }
    ProblemReport.printText(err, checked.problems());
    err.printf("%s: %s; %s%n", file, ProblemReport.count(checked.problems().size()), consequence);
    return null;
  }
}
