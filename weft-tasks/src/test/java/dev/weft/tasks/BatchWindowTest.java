package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch window: outcomes of short tasks claimed together go to the store in one transaction,
 * and a long task among them holds the writing of the others back for no longer than the window.
 */
class BatchWindowTest {

  @TempDir Path dir;

  /** The sizes of the batches of outcomes the engine wrote, in order, empty ones left out. */
  private final List<Integer> written = new CopyOnWriteArrayList<>();

  private TaskStore counting(TaskStore real) {
    return (TaskStore)
        Proxy.newProxyInstance(
            TaskStore.class.getClassLoader(),
            new Class<?>[] {TaskStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("finishAndClaim")
                  && !((Collection<?>) args[0]).isEmpty()) {
                written.add(((Collection<?>) args[0]).size());
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static Pipeline parallel(String type, int tasks) {
    Pipeline.Builder pipeline = Pipeline.builder("parallel");
    for (int i = 0; i < tasks; i++) {
      pipeline.node("t" + i, type);
    }
    return pipeline.build();
  }

  @Test
  void shortTasksClaimedTogetherHaveTheirOutcomesWrittenInOneTransaction() throws Exception {
    try (TaskStore real = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine =
            new TaskEngine(
                counting(real),
                NodeTypes.of(type("quick", () -> {})),
                EngineOptions.defaults()
                    .withConcurrency(16)
                    .withBatchWindow(Duration.ofSeconds(30)))) {
      long id = engine.submit(parallel("quick", 16));

      assertThat(engine.run(id, RunListener.NONE).status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(written).as("outcomes per transaction").containsExactly(16);
    }
  }

  @Test
  void aLongTaskHoldsTheOthersOutcomesBackForNoLongerThanTheWindow() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    TaskNodeType slow =
        type(
            "slow",
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try (TaskStore real = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine =
            new TaskEngine(
                counting(real),
                NodeTypes.of(type("quick", () -> {}), slow),
                EngineOptions.defaults()
                    .withConcurrency(4)
                    .withBatchWindow(Duration.ofMillis(50)))) {
      long id =
          engine.submit(
              Pipeline.builder("mixed")
                  .node("slow", "slow")
                  .node("a", "quick")
                  .node("b", "quick")
                  .node("c", "quick")
                  .build());
      CompletableFuture<TaskRecord> run =
          CompletableFuture.supplyAsync(() -> {
            try {
              return engine.run(id, RunListener.NONE);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() ->
              assertThat(real.tasks(id))
                  .filteredOn(t -> t.status() == TaskStatus.SUCCEEDED)
                  .extracting(TaskRecord::nodeId)
                  .containsExactlyInAnyOrder("a", "b", "c"));
      assertThat(release.getCount()).as("the slow task still runs").isEqualTo(1);
      release.countDown();
      assertThat(run.get().status()).isEqualTo(TaskStatus.SUCCEEDED);
    }
  }

  /** A task type without config whose tasks run {@code body} and succeed. */
  private static TaskNodeType type(String name, Runnable body) {
    return TaskEngineTest.type(
        name,
        context -> {
          body.run();
          return null;
        });
  }
}
