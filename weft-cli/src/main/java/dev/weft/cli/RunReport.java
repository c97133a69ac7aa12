package dev.weft.cli;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.TaskRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How runs and tasks are shown: one line per task, a summary, and the JSON form. */
final class RunReport {

  private RunReport() {}

  /** {@code greet echo succeeded 1 attempt 3 ms Hello} */
  static String line(TaskRecord t) {
    return line(t, Integer.MAX_VALUE);
  }

  /** {@link #line(TaskRecord)} with the result or error cut to {@code width} characters. */
  static String line(TaskRecord t, int width) {
    String detail =
        t.error() != null
            ? t.error()
            : t.resultJson() == null || t.resultJson().equals("null") ? "" : t.resultJson();
    if (detail.length() > width) {
      detail = detail.substring(0, width - 1) + "…";
    }
    return String.format(
            "#%-5d %-20s %-8s %-16s %-10s %6d ms  %s",
            t.id(),
            t.nodeId(),
            t.type(),
            t.status().display(),
            attempts(t.attempt()),
            t.duration(Instant.now()).toMillis(),
            detail)
        .stripTrailing();
  }

  /**
   * A run's status, with why it ended when the store knows: {@code cancelled (the run timed out
   * after 1s)}.
   */
  static String runStatus(TaskRecord run) {
    String status = run.status().display();
    return run.error() == null ? status : status + " (" + run.error() + ")";
  }

  static String attempts(int n) {
    return n + (n == 1 ? " attempt" : " attempts");
  }

  /** Above this many tasks, the summary table lists only the tasks that did not succeed. */
  static final int FULL_TABLE_LIMIT = 200;

  /**
   * The summary: with {@code table}, a table of the tasks (of those that did not succeed, for a
   * large run; at most 50 rows of them), then a line with counts by status.
   */
  static void printSummary(PrintWriter out, TaskRecord run, List<TaskRecord> tasks, boolean table) {
    List<TaskRecord> rows =
        !table
            ? List.<TaskRecord>of()
            : tasks.size() <= FULL_TABLE_LIMIT
                ? tasks
                : tasks.stream().filter(t -> t.status() != TaskStatus.SUCCEEDED).limit(50).toList();
    if (!rows.isEmpty()) {
      out.println();
      out.printf(
          "  %-6s %-20s %-8s %-16s %-10s %9s  %s%n",
          "TASK", "NODE", "TYPE", "STATUS", "ATTEMPTS", "DURATION", "RESULT OR ERROR");
      rows.forEach(t -> out.println("  " + line(t, 60)));
      out.println();
    }
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    tasks.forEach(t -> counts.merge(t.status(), 1L, Long::sum));
    String byStatus =
        counts.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().display())
            .collect(Collectors.joining(", "));
    out.printf(
        "Run %d of %s %s: %s in %d ms%n",
        run.id(), run.nodeId(), runStatus(run), byStatus, run.duration(Instant.now()).toMillis());
  }

  static Map<String, Object> json(TaskRecord run, List<TaskRecord> tasks) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("run", run.id());
    result.put("pipeline", run.nodeId());
    result.put("status", run.status().display());
    result.put("error", run.error());
    result.put("millis", run.duration(Instant.now()).toMillis());
    result.put("tasks", tasks.stream().map(RunReport::json).toList());
    return result;
  }

  static Map<String, Object> json(TaskRecord t) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("id", t.id());
    task.put("node", t.nodeId());
    task.put("type", t.type());
    task.put("status", t.status().display());
    task.put("attempts", t.attempt());
    task.put("millis", t.duration(Instant.now()).toMillis());
    task.put("result", readJson(t.resultJson()));
    task.put("error", t.error());
    if (t.originalId() != null) {
      task.put("copyOf", t.originalId());
    }
    if (t.progress() != null) {
      task.put("progress", t.progress());
      task.put("progressNote", t.progressNote());
    }
    return task;
  }

  /** Stored JSON as a value to print inside JSON (the text itself when it is not JSON). */
  static Object readJson(String json) {
    try {
      return json == null ? null : ProblemReport.JSON.readValue(json, Object.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return json;
    }
  }
}
