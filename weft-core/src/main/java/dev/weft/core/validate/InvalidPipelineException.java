package dev.weft.core.validate;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown where a valid pipeline is required and the one given has problems. */
public final class InvalidPipelineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  /** An exception listing every problem. */
  public InvalidPipelineException(List<Problem> problems) {
    super(
        problems.size()
            + " problem(s):"
            + System.lineSeparator()
            + problems.stream()
                .map(Problem::format)
                .collect(Collectors.joining(System.lineSeparator())));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in file order. */
  public List<Problem> problems() {
    return problems;
  }
}
