package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.core.Kind;
import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Checked;
import dev.weft.tasks.LocalRunner;
import dev.weft.tasks.RunListener;
import dev.weft.tasks.TaskOutcome;
import dev.weft.tasks.TaskStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft run}: validates a manifest and runs it. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header = "Run a pipeline and show each task as it ends.",
    usageHelpAutoWidth = true,
    description = {
      "Validates a manifest and runs it, printing each task as it ends and a summary.",
      "Exits 0 when every task succeeded, 1 when the manifest is invalid or a task failed."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  weft run examples/hello.yaml",
      "  weft run examples/hello.yaml --set name=Ada --json"
    })
final class RunCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ManifestOptions manifest;

  @Parameters(paramLabel = "FILE", description = "The manifest to run.")
  Path file;

  @Option(names = "--json", description = "Prints the outcome of every task as JSON instead.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException, JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Checked checked = manifest.load(file);
    if (!checked.valid()) {
      ProblemReport.printText(err, checked.problems());
      err.printf("%s: %s; nothing was run%n", file, ProblemReport.count(checked.problems().size()));
      return ExitCodes.FAILED;
    }
    Pipeline pipeline = checked.pipeline();
    if (pipeline.kind() != Kind.TASKS) {
      err.printf(
          "%s: %s pipelines cannot be run yet; only kind: tasks%n",
          file, pipeline.kind().manifestName());
      return ExitCodes.FAILED;
    }
    int total = pipeline.nodes().size();
    if (!json) {
      out.printf("Running %s (%d tasks)%n", pipeline.name(), total);
      out.flush();
    }
    long start = System.nanoTime();
    List<TaskOutcome> outcomes =
        new LocalRunner(NodeTypes.load())
            .run(pipeline, json ? RunListener.NONE : new Progress(out, total));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    long failed = outcomes.stream().filter(o -> o.status() != TaskStatus.SUCCEEDED).count();
    if (json) {
      out.println(
          ProblemReport.JSON.writeValueAsString(summary(pipeline, outcomes, elapsed, failed == 0)));
    } else {
      out.printf(
          "%s %s: %s in %d ms%n",
          pipeline.name(),
          failed == 0 ? "succeeded" : "failed",
          countByStatus(outcomes),
          elapsed.toMillis());
    }
    out.flush();
    return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** E.g. {@code 1 succeeded, 1 failed, 1 upstream-failed}. */
  private static String countByStatus(List<TaskOutcome> outcomes) {
    Map<TaskStatus, Long> counts = new java.util.EnumMap<>(TaskStatus.class);
    outcomes.forEach(o -> counts.merge(o.status(), 1L, Long::sum));
    return counts.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey().display())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static Map<String, Object> summary(
      Pipeline pipeline, List<TaskOutcome> outcomes, Duration elapsed, boolean succeeded) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("pipeline", pipeline.name());
    result.put("status", succeeded ? "succeeded" : "failed");
    result.put("millis", elapsed.toMillis());
    result.put(
        "tasks",
        outcomes.stream()
            .map(o -> {
              Map<String, Object> task = new LinkedHashMap<>();
              task.put("node", o.nodeId());
              task.put("type", o.type());
              task.put("status", o.status().display());
              task.put("attempts", o.attempts());
              task.put("millis", o.duration().toMillis());
              task.put("result", o.result());
              task.put("error", o.error());
              return task;
            })
            .toList());
    return result;
  }

  /** One line per task as it ends: {@code [2/3] greet echo succeeded 1 ms Hello}. */
  private static final class Progress implements RunListener {
    private final PrintWriter out;
    private final int total;
    private int done;

    Progress(PrintWriter out, int total) {
      this.out = out;
      this.total = total;
    }

    @Override
    public void ended(TaskOutcome o) {
      done++;
      String detail =
          o.error() != null ? o.error() : o.result() == null ? "" : String.valueOf(o.result());
      String attempts = o.attempts() > 1 ? " (" + o.attempts() + " attempts)" : "";
      out.printf(
          "[%d/%d] %-16s %-8s %-16s %5d ms%s  %s%n",
          done,
          total,
          o.nodeId(),
          o.type(),
          o.status().display(),
          o.duration().toMillis(),
          attempts,
          detail);
      out.flush();
    }
  }
}
