package dev.weft.cli;

import dev.weft.core.Pipeline;
import dev.weft.core.graph.Diagram;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft graph}: the pipeline as a Mermaid or DOT diagram. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    header = "Print a pipeline as a Mermaid or DOT diagram.",
    usageHelpAutoWidth = true,
    description =
        "Prints the pipeline as a diagram, one box per level (nodes that can run in parallel)."
            + " Optional dependencies are dashed, conditional nodes are hexagons, always-run"
            + " nodes double.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  weft graph examples/hello.yaml > hello.mmd",
      "  weft graph examples/hello.yaml --format dot | dot -Tsvg > hello.svg"
    })
final class GraphCommand implements Callable<Integer> {

  /** The diagram languages. */
  enum Format {
    mermaid,
    dot
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ManifestOptions manifest;

  @Parameters(paramLabel = "FILE", description = "The manifest.")
  Path file;

  @Option(
      names = "--format",
      defaultValue = "mermaid",
      description = "Diagram language: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    Pipeline pipeline =
        manifest.loadValid(file, spec.commandLine().getErr(), "fix them to draw the graph");
    if (pipeline == null) {
      return ExitCodes.FAILED;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(
        switch (format) {
          case mermaid -> Diagram.mermaid(pipeline);
          case dot -> Diagram.dot(pipeline);
        });
    out.flush();
    return ExitCodes.OK;
  }
}
