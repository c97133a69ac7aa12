package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.tasks.store.CacheEntry;
import dev.weft.tasks.store.TaskStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft cache}: the results kept for reuse by tasks with {@code cache:}. */
@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    header = "List or clear the results kept for reuse.",
    usageHelpAutoWidth = true,
    description =
        "A task with cache: whose type, config and inputs (or key expression) hash the same as an"
            + " earlier succeeded task's reuses that result without running (status cached).",
    subcommands = {CacheCommand.ListCache.class, CacheCommand.ClearCache.class})
final class CacheCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code weft cache list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, header = "List the kept results.")
  static final class ListCache implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Option(names = "--json", description = "Prints the entries as JSON.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        List<CacheEntry> entries = store.cacheEntries();
        if (json) {
          out.println(
              ProblemReport.JSON.writeValueAsString(
                  entries.stream().map(CacheCommand::json).toList()));
        } else if (entries.isEmpty()) {
          out.println("No kept results in " + storeOptions);
        } else {
          out.printf(
              "%-14s %7s  %-20s %-10s %-19s %-19s%n",
              "FINGERPRINT", "TASK", "NODE", "TYPE", "KEPT", "EXPIRES");
          for (CacheEntry e : entries) {
            out.printf(
                "%-14s %7d  %-20s %-10s %-19s %s%n",
                e.fingerprint().substring(0, 12) + "..",
                e.taskId(),
                e.nodeId(),
                e.type(),
                RunsCommand.time(e.createdAt()),
                e.expiresAt() == null ? "never" : RunsCommand.time(e.expiresAt()));
          }
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  private static Map<String, Object> json(CacheEntry e) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("fingerprint", e.fingerprint());
    json.put("task", e.taskId());
    json.put("node", e.nodeId());
    json.put("type", e.type());
    json.put("kept", e.createdAt().toString());
    json.put("expires", e.expiresAt() == null ? null : e.expiresAt().toString());
    return json;
  }

  /** {@code weft cache clear}. */
  @Command(name = "clear", mixinStandardHelpOptions = true, header = "Forget kept results.")
  static final class ClearCache implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Option(names = "--expired", description = "Only the results whose time has passed.")
    boolean expired;

    @Override
    public Integer call() {
      try (TaskStore store = storeOptions.open()) {
        int cleared = store.clearCache(expired, Instant.now());
        spec.commandLine()
            .getOut()
            .printf("Cleared %d kept %s%n", cleared, cleared == 1 ? "result" : "results");
      }
      return ExitCodes.OK;
    }
  }
}
