package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.core.validate.Checked;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft validate}: reports every problem in one or more manifests. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    header = "Check manifests and list every problem at once.",
    usageHelpAutoWidth = true,
    description = {
      "Checks manifests and lists every problem at once, each with file:line:column,",
      "the node concerned and a hint. Exits 0 when all are valid, 1 otherwise."
    })
final class ValidateCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ManifestOptions manifest;

  @Parameters(
      paramLabel = "FILE",
      arity = "1..*",
      description = "Manifests to check (.yaml, .yml or .json).")
  List<Path> files;

  @Option(names = "--json", description = "Prints the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    boolean allValid = true;
    List<Map<String, Object>> results = new ArrayList<>();
    for (Path file : files) {
      Checked checked = manifest.load(file);
      allValid &= checked.valid();
      if (json) {
        results.add(ProblemReport.json(file.toString(), checked));
      } else if (checked.valid()) {
        int levels = checked.order().levels().size();
        out.printf(
            "%s: valid (%s pipeline '%s', %d nodes, %d levels)%n",
            file,
            checked.pipeline().kind().manifestName(),
            checked.pipeline().name(),
            checked.pipeline().nodes().size(),
            levels);
      } else {
        ProblemReport.printText(out, checked.problems());
        out.printf("%s: %s%n", file, ProblemReport.count(checked.problems().size()));
      }
    }
    if (json) {
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("valid", allValid);
      all.put("files", results);
      out.println(ProblemReport.JSON.writeValueAsString(all));
    }
    out.flush();
    return allValid ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
