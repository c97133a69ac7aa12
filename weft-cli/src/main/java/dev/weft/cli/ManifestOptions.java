package dev.weft.cli;

import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Checked;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that reads a manifest shares. */
final class ManifestOptions {

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Sets a run parameter, used in the manifest as $${params.KEY}. Repeatable.")
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
    return Manifests.load(file, params, types());
  }
}
