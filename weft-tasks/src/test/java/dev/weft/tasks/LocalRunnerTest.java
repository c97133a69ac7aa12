package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Pipeline;
import dev.weft.core.RetrySpec;
import dev.weft.core.spi.NodeTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalRunnerTest {

  private final NodeTypes types = NodeTypes.load();

  @Test
  void builtInTypesAreFoundThroughTheServiceLoader() {
    assertThat(types.find("noop", TaskNodeType.class)).isPresent();
    assertThat(types.find("echo", TaskNodeType.class)).isPresent();
  }

  @Test
  void resultsOfDependenciesAreTheInputsOfATask() throws Exception {
    Pipeline p =
        Pipeline.builder("inputs")
            .node("a", "echo", n -> n.with("message", "A"))
            .node("b", "echo", n -> n.with("message", 2))
            .node("c", "echo", n -> n.after("a", "b"))
            .build();

    List<TaskOutcome> outcomes = new LocalRunner(types).run(p, RunListener.NONE);

    assertThat(outcomes).extracting(TaskOutcome::nodeId).containsExactly("a", "b", "c");
    assertThat(outcomes.get(2).result()).isEqualTo(Map.of("a", "A", "b", 2));
  }

  @Test
  void retriesFollowThePipelineDefaultAndTheListenerSeesEveryAttempt() throws Exception {
    int[] calls = {0};
    TaskNodeType flaky =
        new TaskNodeType() {
          @Override
          public String name() {
            return "flaky";
          }

          @Override
          public TaskExecutor create(dev.weft.core.Node node) {
            return context -> {
              if (++calls[0] < 3) {
                throw new IllegalStateException("not yet");
              }
              return "attempt " + context.attempt();
            };
          }
        };
    Pipeline p =
        Pipeline.builder("retry")
            .defaults(new dev.weft.core.Defaults(RetrySpec.immediate(3), Duration.ofSeconds(1)))
            .node("f", "flaky")
            .build();
    List<Integer> started = new ArrayList<>();

    List<TaskOutcome> outcomes =
        new LocalRunner(NodeTypes.of(flaky))
            .run(
                p,
                new RunListener() {
                  @Override
                  public void started(String nodeId, int attempt) {
                    started.add(attempt);
                  }
                });

    assertThat(started).containsExactly(1, 2, 3);
    assertThat(outcomes.getFirst().status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(outcomes.getFirst().result()).isEqualTo("attempt 3");
    assertThat(outcomes.getFirst().attempts()).isEqualTo(3);
  }
}
