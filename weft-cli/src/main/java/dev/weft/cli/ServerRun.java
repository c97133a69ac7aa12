package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.client.WeftClient;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.TaskRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code weft run FILE --server URL}: the manifest is sent to the server ({@code runs.submit}),
 * whose workers run it; without {@code --detach} the command follows the run there, a line per task
 * as it ends, then the summary, and exits as {@code weft run} does.
 */
final class ServerRun {

  /** How often a followed run is read again. */
  private static final Duration LOOK_EVERY = Duration.ofMillis(500);

  private final WeftClient client;
  private final ServerRecords records;
  private final PrintWriter out;
  private final boolean json;

  ServerRun(WeftClient client, PrintWriter out, boolean json) {
    this.client = client;
    this.records = new ServerRecords(client);
    this.out = out;
    this.json = json;
  }

  /** Submits {@code file} with {@code params} (and {@code at}, or null); returns the run's id. */
  long submit(Path file, Map<String, String> params, String at)
      throws IOException, InterruptedException {
    ObjectNode p =
        WeftClient.params()
            .put("manifest", Files.readString(file))
            .put("format", file.toString().endsWith(".json") ? "json" : "yaml");
    ObjectNode values = p.putObject("params");
    params.forEach(values::put);
    if (at != null) {
      p.put("at", at);
    }
    return client.call("runs.submit", p).path("id").asLong();
  }

  /** Says the run was stored (as JSON with {@code --json}). */
  int detached(long runId) throws JsonProcessingException {
    TaskRecord run = records.task(runId).orElseThrow();
    if (json) {
      out.println(ProblemReport.JSON.writeValueAsString(RunReport.json(run, records.tasks(runId))));
    } else {
      out.printf(
          "Stored run %d of %s on %s; its workers run it ('weft runs show %d' with the same"
              + " --server shows how it goes)%n",
          runId, run.nodeId(), records, runId);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** Follows the run until it ends and returns the exit code. */
  int follow(long runId) throws InterruptedException, JsonProcessingException {
    TaskRecord run = records.task(runId).orElseThrow();
    List<TaskRecord> tasks = records.tasks(runId);
    if (!json) {
      out.printf(
          "Started run %d of %s (%d tasks) on %s%n", runId, run.nodeId(), tasks.size(), records);
      out.flush();
    }
    Set<Long> ended = new HashSet<>();
    while (true) {
      for (TaskRecord t : tasks) {
        if (t.status().ended() && ended.add(t.id()) && !json) {
          out.printf("[%d/%d] %s%n", ended.size(), tasks.size(), RunReport.line(t));
          out.flush();
        }
      }
      if (run.status().ended()) {
        break;
      }
      Thread.sleep(LOOK_EVERY);
      run = records.task(runId).orElseThrow();
      tasks = records.tasks(runId);
    }
    if (json) {
      out.println(ProblemReport.JSON.writeValueAsString(RunReport.json(run, tasks)));
    } else {
      RunReport.printSummary(out, run, tasks, true);
    }
    out.flush();
    return run.status() == TaskStatus.SUCCEEDED
            || run.status() == TaskStatus.SUCCEEDED_WITH_FAILURES
        ? ExitCodes.OK
        : ExitCodes.FAILED;
  }
}
