package dev.weft.cli;

/** What {@code weft} exits with; {@code weft --help} lists them. */
final class ExitCodes {
  /** All went well. */
  static final int OK = 0;

  /** The pipeline is invalid, or the run failed. */
  static final int FAILED = 1;

  /** Bad usage (picocli's own code for it). */
  static final int USAGE = 2;

  /** The environment failed: the store, a file, the network, or something unexpected. */
  static final int ENVIRONMENT = 3;

  /** Stopped by Ctrl-C (128 + SIGINT, as shells report it). */
  static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
