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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamTaskTypeTest {

  @TempDir Path dir;

  private TaskRecord runStreamTask(String stream) throws Exception {
    Path manifest = dir.resolve("stream.yaml");
    Files.writeString(manifest, stream);
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine = new TaskEngine(store, NodeTypes.load(), EngineOptions.defaults())) {
      Pipeline p =
          Pipeline.builder("with-stream")
              .node("flow", "stream", n -> n.with("file", manifest.toString()))
              .build();
      TaskRecord run = engine.run(engine.submit(p), RunListener.NONE);
      return store.tasks(run.id()).getFirst();
    }
  }

  @Test
  void aStreamRunsToItsEndAsOneTaskWhoseResultIsItsCounters() throws Exception {
    Path out = dir.resolve("out.jsonl");
    TaskRecord task =
        runStreamTask(
            """
            weft: 1
            name: evens
            kind: stream
            nodes:
              - { id: gen, type: generate, with: { count: 100 } }
              - { id: even, type: filter, after: [gen], with: { expr: "n % 2 == 0" } }
              - { id: save, type: write, after: [even], with: { file: "OUT" } }
            """
                .replace("OUT", out.toString()));

    assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(task.resultJson())
        .contains("\"status\":\"succeeded\"")
        .contains("\"even\":{\"in\":100,\"out\":50,\"dropped\":0,\"errors\":0}");
    assertThat(Files.readAllLines(out)).hasSize(50).first().isEqualTo("{\"n\":0}");
  }

  @Test
  void aFailingStreamFailsTheTaskNamingTheNode() throws Exception {
    TaskRecord task =
        runStreamTask(
            """
            weft: 1
            name: broken
            kind: stream
            nodes:
              - { id: gen, type: generate, with: { count: 10 } }
              - { id: bad, type: map, after: [gen], with: { expr: "n / 0" } }
              - { id: log, type: log, after: [bad] }
            """);

    assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task.error()).isEqualTo("stream broken failed at node bad: division by zero");
    assertThat(List.of(task.attempt())).containsExactly(1);
  }
}
