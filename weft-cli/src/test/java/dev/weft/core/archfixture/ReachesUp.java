package dev.weft.core.archfixture;

import dev.weft.cli.Weft;

/**
 * A deliberate layering violation (core using the CLI), to prove the architecture rule can fail.
 */
public final class ReachesUp {
  private ReachesUp() {}

  /** Uses a class of a lower module. */
  public static Object reach() {
    return Weft.commandLine();
  }
}
