package dev.weft.cli;

import dev.weft.server.client.WeftClient;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --server URL --token T} of the commands that read or change runs: ask a running {@code
 * weft server} instead of opening the task store.
 */
final class ServerOptions {

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Asks the 'weft server' at URL (http://host:port) instead of opening a store.%nDefault:"
              + " $$WEFT_SERVER, unless --db is given.")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "The bearer token for --server (default: $$WEFT_TOKEN).")
  String token;

  /** How long one call to the server may take. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /**
   * The records the command reads and changes: the server's when {@code --server} (or {@code
   * WEFT_SERVER} without {@code --db}) names one, else the store's.
   */
  Records open(StoreOptions store) {
    WeftClient client = client(store);
    return client == null
        ? new StoreRecords(store.open(), store.toString())
        : new ServerRecords(client);
  }

  /**
   * A client of the server {@code --server} (or {@code WEFT_SERVER} without {@code --db}) names, or
   * {@code null} when none is named: the command works on the store.
   */
  WeftClient client(StoreOptions store) {
    String url = server;
    if (url != null && store.db != null) {
      throw new UserError("--db and --server name two places to look: give one of them");
    }
    if (url == null && store.db == null) {
      url = blankToNull(System.getenv("WEFT_SERVER"));
    }
    if (url == null) {
      return null;
    }
    String bearer = token != null ? token : blankToNull(System.getenv("WEFT_TOKEN"));
    try {
      return WeftClient.of(url, bearer, TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new UserError("--server: " + e.getMessage());
    }
  }

  /**
   * Says, for records read through a server, that the server's workers run the run it reopened or
   * made; a store's commands say nothing here (with --detach, 'weft worker' runs it).
   */
  static void noteServerWorks(PrintWriter out, Records records, long runId) {
    if (records.store().isEmpty()) {
      out.printf(
          "The server's workers run it: 'weft runs show %d' with the same --server shows how it"
              + " goes%n",
          runId);
      out.flush();
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
