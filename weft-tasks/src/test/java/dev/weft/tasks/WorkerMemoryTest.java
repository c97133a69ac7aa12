package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.builtin.EchoType;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker runs for weeks: what it keeps of a run (its pipeline, its caps) must go when the run
 * ends. Each run here carries a 200 KB pipeline, so keeping them would hold 180 MB more after the
 * 900 runs measured than before them (shown: the test fails when an ended run's pipeline is kept).
 */
class WorkerMemoryTest {

  private static final int WARM_UP = 100;
  private static final int MEASURED = 900;

  @TempDir Path dir;

  @Test
  void aWorkersRetainedHeapStaysFlatOverAThousandRuns() throws Exception {
    Pipeline p =
        Pipeline.builder("big")
            .node("a", "echo", n -> n.with("message", "x".repeat(200_000)))
            .build();
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine =
            new TaskEngine(store, NodeTypes.of(new EchoType()), EngineOptions.defaults())) {
      for (int i = 0; i < WARM_UP; i++) {
        engine.run(engine.submit(p), RunListener.NONE);
      }
      long before = retainedHeap();
      for (int i = 0; i < MEASURED; i++) {
        engine.run(engine.submit(p), RunListener.NONE);
      }
      long after = retainedHeap();

      assertThat(after - before)
          .as("heap retained after %d more runs", MEASURED)
          .isLessThan(40L << 20);
    }
  }

  /** The heap in use after collections have freed what they can. */
  private static long retainedHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
