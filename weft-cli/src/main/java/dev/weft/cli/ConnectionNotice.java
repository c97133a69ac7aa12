package dev.weft.cli;

import dev.weft.core.Durations;
import java.io.PrintWriter;
import java.time.Duration;

/** The two lines a command prints when its database (or server) goes away and when it is back. */
final class ConnectionNotice {

  private ConnectionNotice() {}

  /** The database could not be reached ({@code why}); the command retries. */
  static void lost(PrintWriter out, String why) {
    out.printf("weft: %s; retrying until it is back (Ctrl-C to stop)%n", why);
    out.flush();
  }

  /** {@code what} (the database, the server) is back after {@code down}. */
  static void back(PrintWriter out, String what, Duration down) {
    out.printf(
        "weft: %s is back after %s; carrying on%n",
        what, Durations.format(down.toSeconds() > 0 ? Duration.ofSeconds(down.toSeconds()) : down));
    out.flush();
  }
}
