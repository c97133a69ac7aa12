package dev.weft.core.validate;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a pipeline: where, which node, what, and how to fix it.
 *
 * @param position where in the manifest
 * @param nodeId the node concerned, or {@code null}
 * @param message what is wrong, in one line
 * @param hint how to fix it, or {@code null}
 */
public record Problem(Position position, String nodeId, String message, String hint) {

  /** Orders problems by file, line and column, those without a position last. */
  public static final Comparator<Problem> BY_POSITION =
      Comparator.comparing((Problem p) -> Objects.toString(p.position.file(), ""))
          .thenComparing(p -> p.position.known() ? 0 : 1)
          .thenComparingInt(p -> p.position.line())
          .thenComparingInt(p -> p.position.column());

  public Problem {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(message, "message");
  }

  /**
   * The problem as a person reads it:
   *
   * <pre>
   * hello.yaml:7:11: node 'greet': unknown node type 'ecko'
   *   hint: did you mean 'echo'?
   * </pre>
   */
  public String format() {
    StringBuilder text = new StringBuilder().append(position).append(": ");
    if (nodeId != null) {
      text.append("node '").append(nodeId).append("': ");
    }
    text.append(message);
    if (hint != null) {
      text.append(System.lineSeparator()).append("  hint: ").append(hint);
    }
    return text.toString();
  }
}
