package dev.weft.cli;

import dev.weft.tasks.RunListener;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.io.PrintWriter;
import java.util.List;

/**
 * The progress of a run on a terminal, redrawn in place four times a second by a timer (so times
 * tick and a burst of short tasks costs a few screen updates): the task tree while it fits on the
 * screen, else a progress bar with counts and the rate. {@link #close} draws the final state.
 */
final class LiveView implements RunListener {

  private static final long REDRAW_MILLIS = 250;

  private final TaskStore store;
  private final TaskRecord run;
  private final int total;
  private final int height;
  private final long startNanos = System.nanoTime();
  private volatile int ended; // written by the engine's thread only
  private final java.util.Set<Long> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Redraw screen;
  private final java.util.concurrent.ScheduledExecutorService timer =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("weft-live-view").factory());

  /**
   * @param ended tasks of the run that had ended before this view started
   * @param height the most lines the view may take
   */
  LiveView(PrintWriter out, TaskStore store, TaskRecord run, int total, int ended, int height) {
    this.store = store;
    this.run = run;
    this.total = total;
    this.ended = ended;
    this.height = height;
    this.screen = new Redraw(out);
    timer.scheduleWithFixedDelay(
        this::draw, 0, REDRAW_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Whether the tree fits; otherwise the view is a progress bar. */
  boolean drawsTree() {
    return total + 1 <= height;
  }

  @Override
  public void started(ClaimedTask task) {
    running.add(task.id());
  }

  @Override
  public void changed(StatusChange change) {
    if (change.runEnded()) {
      return;
    }
    if (change.status().ended()) {
      ended++;
      running.remove(change.taskId());
    }
  }

  /** Stops the timer and draws the final state. */
  void close() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    draw();
  }

  /** Draws the view over the previous drawing. */
  private void draw() {
    List<String> lines =
        drawsTree()
            ? new TaskTree(
                    store.task(run.id()).orElse(run),
                    store.tasks(run.id()),
                    store.dependencies(run.id()))
                .lines()
            : List.of(bar());
    screen.draw(lines);
  }

  /** {@code [#########...........] 4,512/10,000 ended 8 running 1,204 tasks/s} */
  private String bar() {
    int width = 30;
    int filled = total == 0 ? width : (int) ((long) ended * width / total);
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    return String.format(
        "[%s%s] %,d/%,d ended  %d running  %,.0f tasks/s",
        "#".repeat(filled),
        ".".repeat(width - filled),
        ended,
        total,
        running.size(),
        ended / seconds);
  }
}
