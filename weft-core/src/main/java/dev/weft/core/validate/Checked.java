package dev.weft.core.validate;

import dev.weft.core.Pipeline;
import dev.weft.core.graph.TopologicalOrder;
import java.util.List;

/**
 * A pipeline with every problem found in it, in file order.
 *
 * @param pipeline the pipeline, or {@code null} when the manifest could not be read at all
 * @param problems empty when the pipeline is valid
 * @param order the pipeline's topological order when it is valid, else {@code null}
 */
public record Checked(Pipeline pipeline, List<Problem> problems, TopologicalOrder order) {

  public Checked {
    problems = problems.stream().sorted(Problem.BY_POSITION).toList();
  }

  /** A manifest that could not be read far enough to make a pipeline. */
  public static Checked unreadable(List<Problem> problems) {
    return new Checked(null, problems, null);
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
