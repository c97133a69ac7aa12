package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.builtin.ShellType;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell task running real processes. */
class ShellTypeTest {

  @TempDir Path dir;

  @AfterEach
  void disallow() {
    System.clearProperty(ShellType.ALLOW_PROPERTY);
  }

  private Map<String, TaskRecord> run(Pipeline p) throws InterruptedException {
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine =
            new TaskEngine(store, NodeTypes.of(new ShellType()), EngineOptions.defaults())) {
      TaskRecord run = engine.run(engine.submit(p), RunListener.NONE);
      return store.tasks(run.id()).stream().collect(Collectors.toMap(TaskRecord::nodeId, t -> t));
    }
  }

  private static Pipeline pipeline() {
    return Pipeline.builder("shell")
        .node(
            "say",
            "shell",
            n -> n.with("command", List.of("printf", "%s|", "a b", "$HOME;rm -rf /")))
        .node("fail", "shell", n -> n.with("command", List.of("sh", "-c", "echo bad >&2; exit 3")))
        .build();
  }

  @Test
  void argumentsReachTheProgramUninterpretedAndAFailingExitFailsTheTask() throws Exception {
    System.setProperty(ShellType.ALLOW_PROPERTY, "true");

    Map<String, TaskRecord> tasks = run(pipeline());

    assertThat(tasks.get("say").resultJson())
        .isEqualTo("{\"exit\":0,\"stdout\":\"a b|$HOME;rm -rf /|\",\"stderr\":\"\"}");
    assertThat(tasks.get("fail").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(tasks.get("fail").error()).isEqualTo("sh exited with 3: bad");
  }

  @Test
  void outputLinesGoToTheTaskLogAsTheyCome() throws Exception {
    System.setProperty(ShellType.ALLOW_PROPERTY, "true");
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine =
            new TaskEngine(store, NodeTypes.of(new ShellType()), EngineOptions.defaults())) {
      Pipeline p =
          Pipeline.builder("logs")
              .node(
                  "talk",
                  "shell",
                  n -> n.with("command", List.of("sh", "-c", "echo one; echo two; echo oops >&2")))
              .build();
      TaskRecord run = engine.run(engine.submit(p), RunListener.NONE);
      long task = store.tasks(run.id()).getFirst().id();

      assertThat(store.logs(task))
          .extracting(l -> l.level() + " " + l.message())
          .containsExactlyInAnyOrder("info one", "info two", "warn oops");
      assertThat(store.logs(task)).allSatisfy(l -> assertThat(l.attempt()).isEqualTo(1));
    }
  }

  @Test
  void shellTasksAreRefusedUnlessAllowed() throws Exception {
    Map<String, TaskRecord> tasks = run(pipeline());

    assertThat(tasks.get("say").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(tasks.get("say").error()).startsWith("shell tasks are disabled: pass --allow-shell");
  }
}
