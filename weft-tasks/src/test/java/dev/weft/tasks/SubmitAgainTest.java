package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One pipeline object submitted again and again (a job queue's use): the engine plans it once, and
 * each submission is still a run of its own, read as the pipeline says at that moment.
 */
class SubmitAgainTest {

  @TempDir Path dir;

  @Test
  void eachSubmissionOfOnePipelineIsARunOfItsOwn() throws Exception {
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine = new TaskEngine(store, NodeTypes.load(), EngineOptions.defaults())) {
      Pipeline job =
          Pipeline.builder("job")
              .node("a", "echo", n -> n.with(Map.of("message", "hi")))
              .node("b", "echo", n -> n.after("a"))
              .build();
      long first = engine.submit(job);
      long second = engine.submit(job);

      assertThat(second).isNotEqualTo(first);
      for (long run : List.of(first, second)) {
        assertThat(engine.run(run, RunListener.NONE).status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(store.tasks(run)).extracting(TaskRecord::nodeId).containsExactly("a", "b");
        assertThat(store.tasks(run)).allSatisfy(t -> assertThat(t.rootId()).isEqualTo(run));
      }
      assertThat(store.pipelineJson(second)).isEqualTo(store.pipelineJson(first));
    }
  }

  @Test
  void aPipelineWithSubPipelinesReadsTheirFilesAtEachSubmission() throws Exception {
    Path leaf = dir.resolve("leaf.yaml");
    Files.writeString(leaf, leaf("a"));
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine = new TaskEngine(store, NodeTypes.load(), EngineOptions.defaults())) {
      Pipeline job =
          Pipeline.builder("job")
              .node("inner", "pipeline", n -> n.with(Map.of("file", leaf.toString())))
              .build();
      long before = engine.submit(job);
      Files.writeString(leaf, leaf("a", "b"));
      long after = engine.submit(job);

      assertThat(store.tasks(before)).extracting(TaskRecord::nodeId).contains("inner/a");
      assertThat(store.tasks(before)).extracting(TaskRecord::nodeId).doesNotContain("inner/b");
      assertThat(store.tasks(after)).extracting(TaskRecord::nodeId).contains("inner/a", "inner/b");
    }
  }

  private static String leaf(String... ids) {
    StringBuilder yaml = new StringBuilder("weft: 1\nname: leaf\nkind: tasks\nnodes:\n");
    for (String id : ids) {
      yaml.append("  - { id: ").append(id).append(", type: echo }\n");
    }
    return yaml.toString();
  }
}
