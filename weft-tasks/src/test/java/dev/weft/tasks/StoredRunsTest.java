package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.builtin.EchoType;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a worker keeps of the runs it works on. A run whose last task another worker ended is never
 * seen to end here, so keeping every run read would grow a worker's heap for as long as it runs.
 */
class StoredRunsTest {

  @TempDir Path dir;

  @Test
  void atMostCapacityRunsAreKeptAndOneLetGoIsReadAgain() {
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine =
            new TaskEngine(store, NodeTypes.of(new EchoType()), EngineOptions.defaults())) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(engine.submit(Pipeline.builder("run" + i).node("a", "echo").build()));
      }
      StoredRuns runs = new StoredRuns(store, false, 3);
      StoredRuns.StoredRun first = runs.get(ids.get(0));
      for (long id : ids) {
        assertThat(runs.get(id).pipeline().name()).isEqualTo("run" + ids.indexOf(id));
        assertThat(runs.size()).isLessThanOrEqualTo(3);
      }

      StoredRuns.StoredRun again = runs.get(ids.get(0));
      assertThat(again).as("read from the store again").isNotSameAs(first);
      assertThat(again.pipeline().name()).isEqualTo("run0");
      assertThat(runs.get(ids.get(4))).as("the last read is kept").isSameAs(runs.get(ids.get(4)));

      runs.forget(ids.get(4));
      assertThat(runs.size()).isEqualTo(2);
    }
  }
}
