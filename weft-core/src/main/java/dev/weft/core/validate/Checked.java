package dev.weft.core.validate;

import dev.weft.core.Pipeline;
import java.util.List;

/**
 * A pipeline with every problem found in it, in file order.
 *
 * @param pipeline the pipeline, or {@code null} when the manifest could not be read at all
 * @param problems empty when the pipeline is valid
 */
public record Checked(Pipeline pipeline, List<Problem> problems) {

  public Checked {
    problems = problems.stream().sorted(Problem.BY_POSITION).toList();
  }

  /** Whether there are no problems. */
  public boolean valid() {
    return problems.isEmpty();
  }

  /** The pipeline when valid; otherwise throws, listing every problem. */
  public Pipeline orThrow() {
    if (!valid()) {
      throw new InvalidPipelineException(problems);
    }
    return pipeline;
  }
}
