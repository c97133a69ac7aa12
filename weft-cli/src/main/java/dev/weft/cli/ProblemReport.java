package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.Problem;
import dev.weft.tasks.TaskManifests;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Prints validation results for people or, with {@code --json}, for machines. */
final class ProblemReport {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ProblemReport() {}

  /** Every problem, one per entry, with its hint indented below. */
  static void printText(PrintWriter out, List<Problem> problems) {
    problems.forEach(p -> out.println(p.format()));
  }

  /** The JSON form of one file's result. */
  static Map<String, Object> json(String file, Checked checked) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("file", file);
    result.put("valid", checked.valid());
    if (checked.pipeline() != null) {
      result.put("pipeline", checked.pipeline().name());
      result.put("nodes", checked.pipeline().nodes().size());
    }
    result.put("problems", checked.problems().stream().map(ProblemReport::json).toList());
    return result;
  }

  private static Map<String, Object> json(Problem p) {
    return TaskManifests.json(p);
  }

  /**
   * Says why a command did nothing: with {@code json}, as {@code {"error": message}} on stdout (so
   * that {@code --json} always prints one document), otherwise as "weft tasks show: message" on
   * stderr.
   */
  static void refuse(CommandLine.Model.CommandSpec spec, boolean json, String message) {
    if (json) {
      PrintWriter out = spec.commandLine().getOut();
      try {
        out.println(JSON.writeValueAsString(Map.of("error", message)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      out.flush();
    } else {
      spec.commandLine().getErr().printf("%s: %s%n", spec.qualifiedName(), message);
    }
  }

  /** "1 problem", "3 problems". */
  static String count(int n) {
    return n + (n == 1 ? " problem" : " problems");
  }
}
