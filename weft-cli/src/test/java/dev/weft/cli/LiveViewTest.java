package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveViewTest {

  @TempDir Path dir;

  @Test
  void redrawsTheTreeInPlaceAndEndsWithTheFinalState() throws Exception {
    StringWriter screen = new StringWriter();
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine = new TaskEngine(store, NodeTypes.load(), EngineOptions.defaults())) {
      long runId =
          engine.submit(
              Pipeline.builder("two")
                  .node("a", "noop")
                  .node("b", "noop", n -> n.after("a"))
                  .build());
      TaskRecord run = store.task(runId).orElseThrow();
      LiveView view = new LiveView(new PrintWriter(screen), store, run, 2, 0, 30);
      Awaitility.await().until(() -> screen.toString().contains("pending"));

      engine.run(runId, view);
      view.close();
    }

    String text = screen.toString();
    String last = text.substring(text.lastIndexOf("\033[J") + 3);
    assertThat(text).contains("\033[3A"); // each frame moves up over the previous one
    assertThat(last.lines().toList())
        .hasSize(3)
        .first()
        .asString()
        .startsWith("✓ Run 1 two  succeeded");
    assertThat(last).containsPattern("└─ ✓ #3 +b +noop +succeeded .* after a");
  }

  @Test
  void aRunTooTallForTheScreenIsAProgressBar() throws Exception {
    StringWriter screen = new StringWriter();
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine = new TaskEngine(store, NodeTypes.load(), EngineOptions.defaults())) {
      Pipeline.Builder wide = Pipeline.builder("wide");
      for (int i = 0; i < 50; i++) {
        wide.node("t" + i, "noop");
      }
      long runId = engine.submit(wide.build());
      LiveView view =
          new LiveView(new PrintWriter(screen), store, store.task(runId).orElseThrow(), 50, 0, 10);
      engine.run(runId, view);
      view.close();
    }

    String last = screen.toString().substring(screen.toString().lastIndexOf("\033[J") + 3);
    assertThat(last).startsWith("[##############################] 50/50 ended  0 running");
  }
}
