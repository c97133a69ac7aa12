package dev.weft.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --limit} and {@code --offset} of the list commands, and how a page is shown. */
final class PageOptions {

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "At most N rows, newest first (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--offset",
      paramLabel = "N",
      defaultValue = "0",
      description = "Skips the N newest rows: the next page starts at --offset 50.")
  int offset;

  /** The limit, checked. */
  int limit() {
    if (limit < 1 || offset < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--limit must be at least 1 and --offset at least 0");
    }
    return limit;
  }

  /**
   * The page as JSON: {@code total}, {@code offset}, {@code limit} and the rows under {@code name}.
   */
  Map<String, Object> json(String name, List<?> rows, int total) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("total", total);
    page.put("offset", offset);
    page.put("limit", limit);
    page.put(name, rows);
    return page;
  }

  /** Says on {@code err} that rows were left out, and how to see them: "showing 50 of 120". */
  void noteCut(PrintWriter err, int shown, int total) {
    if (shown == 0 || offset + shown >= total && offset == 0) {
      return;
    }
    if (offset == 0) {
      err.printf("showing %d of %d (use --limit)%n", shown, total);
    } else {
      err.printf(
          "showing %d-%d of %d (use --limit and --offset)%n", offset + 1, offset + shown, total);
    }
    err.flush();
  }
}
