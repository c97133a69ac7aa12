package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.builtin.EchoType;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void runsOfOnePipelineShareItsParsedFormButOnlySmallPipelinesAreShared() {
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine =
            new TaskEngine(store, NodeTypes.of(new EchoType()), EngineOptions.defaults())) {
      Pipeline job = Pipeline.builder("job").node("a", "echo").build();
      Pipeline.Builder big = Pipeline.builder("big");
      for (int i = 0; big.build().nodes().size() < 400; i++) {
        big.node("node-with-a-long-name-" + i, "echo");
      }
      long first = engine.submit(job);
      long second = engine.submit(job);
      long other = engine.submit(Pipeline.builder("other").node("a", "echo").build());
      long big1 = engine.submit(big.build());
      long big2 = engine.submit(big.build());
      assertThat(store.pipelineJson(big1).length()).isGreaterThan(StoredRuns.SHARED_CHARS);

      StoredRuns runs = new StoredRuns(store, false, 8);
      assertThat(runs.get(second).pipeline()).isSameAs(runs.get(first).pipeline());
      assertThat(runs.get(second).nodes()).isSameAs(runs.get(first).nodes());
      assertThat(runs.get(other).pipeline().name()).isEqualTo("other");
      assertThat(runs.get(big2).pipeline())
          .as("a long pipeline is parsed for each run, not kept for sharing")
          .isNotSameAs(runs.get(big1).pipeline())
          .isEqualTo(runs.get(big1).pipeline());
    }
  }

  @Test
  void aRunsPipelineComesWithTheClaimOfItsFirstTaskAndIsNotReadAgain() throws Exception {
    try (TaskStore real = SqliteTaskStore.open(dir.resolve("weft.db"))) {
      AtomicInteger reads = new AtomicInteger();
      TaskStore counted =
          (TaskStore)
              Proxy.newProxyInstance(
                  TaskStore.class.getClassLoader(),
                  new Class<?>[] {TaskStore.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("pipelineJson")
                        || method.getName().equals("trace")) {
                      reads.incrementAndGet();
                    }
                    try {
                      return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      try (TaskEngine engine =
          new TaskEngine(counted, NodeTypes.of(new EchoType()), EngineOptions.defaults())) {
        for (int i = 0; i < 3; i++) {
          long id =
              engine.submit(
                  Pipeline.builder("run" + i)
                      .node("a", "echo")
                      .node("b", "echo", n -> n.after("a"))
                      .build());
          assertThat(engine.run(id, RunListener.NONE).status()).isEqualTo(TaskStatus.SUCCEEDED);
        }
      }
      assertThat(reads).as("pipelines read apart from the claims").hasValue(0);
    }
  }
}
