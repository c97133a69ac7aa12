package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.WebhookDelivery;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft webhooks}: the calls of runs' webhooks that the server made, and how they went. */
@Command(
    name = "webhooks",
    mixinStandardHelpOptions = true,
    header = "List the deliveries of runs' webhooks.",
    usageHelpAutoWidth = true,
    description =
        "A run submitted through 'weft server' with a webhook has the server call its URL when it"
            + " ends (or on each change); each call is a delivery, tried again after failures."
            + " See docs/api.md.",
    subcommands = {WebhooksCommand.ListDeliveries.class})
final class WebhooksCommand implements Runnable {

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code weft webhooks list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      header = "List webhook deliveries, newest first.",
      description =
          "Each delivery's id, run, event (run.succeeded, task.running, ...), state (pending:"
              + " not delivered yet, tried again later; delivered: answered 2xx; failed: every try"
              + " failed), tries made of those allowed, the last try's HTTP status or error, and"
              + " the URL. --failed shows failures only: given up, or pending after a failed try.",
      footerHeading = "%nExamples:%n",
      footer = {"  weft webhooks list --failed", "  weft webhooks list --json --limit 10"})
  static final class ListDeliveries implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Mixin StoreOptions storeOptions;

    @Option(
        names = "--failed",
        description = "Only failures: given up, or pending after a failed try.")
    boolean failed;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "At most N deliveries, newest first (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
        names = "--json",
        description = "Prints the deliveries as JSON, each with its tries: {deliveries: [...]}.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      if (limit < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
      }
      PrintWriter out = spec.commandLine().getOut();
      try (TaskStore store = storeOptions.open()) {
        List<WebhookDelivery.WithAttempts> listed =
            store.webhooks().deliveries(failed, null, limit);
        if (json) {
          out.println(
              ProblemReport.JSON.writeValueAsString(
                  Map.of("deliveries", listed.stream().map(ListDeliveries::json).toList())));
        } else if (listed.isEmpty()) {
          out.println(
              failed
                  ? "No failed webhook deliveries on " + storeOptions + "."
                  : "No webhook deliveries on " + storeOptions + ".");
        } else {
          out.printf(
              "%-6s %-6s %-22s %-9s %5s  %-24s %s%n",
              "ID", "RUN", "EVENT", "STATE", "TRIES", "LAST", "URL");
          for (WebhookDelivery.WithAttempts d : listed) {
            WebhookDelivery w = d.delivery();
            out.printf(
                "%-6d %-6d %-22s %-9s %2d/%-2d  %-24s %s%n",
                w.id(),
                w.runId(),
                w.eventType(),
                w.state().display(),
                w.attempts(),
                w.hook().maxRetries() + 1,
                last(w),
                w.hook().url());
          }
        }
      }
      out.flush();
      return ExitCodes.OK;
    }

    private static String last(WebhookDelivery w) {
      if (w.attempts() == 0) {
        return "-";
      }
      String said = w.lastError() != null ? w.lastError() : "HTTP " + w.lastStatus();
      return said.length() > 24 ? said.substring(0, 23) + "…" : said;
    }

    private static Map<String, Object> json(WebhookDelivery.WithAttempts listed) {
      WebhookDelivery w = listed.delivery();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", w.id());
      json.put("run_id", w.runId());
      json.put("hook", w.hookName());
      json.put("event_id", w.eventId());
      json.put("event_type", w.eventType());
      json.put("url", w.hook().url());
      json.put("method", w.hook().method());
      json.put("state", w.state().display());
      json.put("attempts", w.attempts());
      json.put("max_retries", w.hook().maxRetries());
      json.put("last_status", w.lastStatus());
      json.put("last_error", w.lastError());
      json.put("created_at", w.createdAt().toString());
      json.put(
          "next_attempt_at",
          w.state() == WebhookDelivery.State.PENDING ? w.nextAttemptAt().toString() : null);
      json.put("finished_at", w.finishedAt() == null ? null : w.finishedAt().toString());
      json.put(
          "tries",
          listed.attempts().stream()
              .map(a -> {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("attempt", a.attempt());
                t.put("at", a.at().toString());
                t.put("status_code", a.statusCode());
                t.put("error", a.error());
                t.put("duration_ms", a.durationMillis());
                return t;
              })
              .toList());
      return json;
    }
  }
}
