package dev.weft.tasks;

import dev.weft.tasks.store.Checkpoint;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.LogLine;
import dev.weft.tasks.store.Progress;
import dev.weft.tasks.store.StoreException;
import dev.weft.tasks.store.WorkQueue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What running tasks report: log lines and progress, buffered by their threads and written by the
 * dispatcher in one go before their outcomes, and checkpoints, written at once.
 */
final class Reports {

  private final WorkQueue store;
  private final Clock clock;
  private final ConcurrentLinkedQueue<LogLine> logLines = new ConcurrentLinkedQueue<>();
  private final Map<Long, Progress> progress = new ConcurrentHashMap<>();

  Reports(WorkQueue store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** What a task's context reports to: these buffers, tagged with the attempt. */
  TaskReporter reporter(ClaimedTask task) {
    return new TaskReporter() {
      @Override
      public void log(Level level, String message) {
        logLines.add(
            new LogLine(
                task.id(),
                task.attempt(),
                clock.instant(),
                level.name().toLowerCase(Locale.ROOT),
                String.valueOf(message)));
      }

      @Override
      public void progress(double fraction, String note) {
        // Stored when the dispatcher next comes round: when a task ends, else within the poll.
        progress.put(task.id(), new Progress(task.id(), fraction, note));
      }

      @Override
      public boolean checkpoint(String stateJson) {
        // Not buffered: the task goes on believing it is saved, so it must be.
        return store.checkpoint(task, stateJson, clock.instant());
      }

      @Override
      public Optional<String> lastCheckpoint() {
        return store.checkpoint(task.id()).map(Checkpoint::stateJson);
      }
    };
  }

  /** Writes the log lines and progress reported since the last time, if any. */
  void write() {
    if (logLines.isEmpty() && progress.isEmpty()) {
      return;
    }
    List<LogLine> lines = new ArrayList<>();
    for (LogLine line = logLines.poll(); line != null; line = logLines.poll()) {
      lines.add(line);
    }
    List<Progress> latest = new ArrayList<>();
    for (Long id : List.copyOf(progress.keySet())) {
      Progress p = progress.remove(id);
      if (p != null) {
        latest.add(p);
      }
    }
    try {
      store.report(lines, latest);
    } catch (StoreException e) {
      // Kept for the next time (a lost connection is ridden out): nothing reported is dropped.
      logLines.addAll(lines);
      latest.forEach(p -> progress.putIfAbsent(p.taskId(), p));
      throw e;
    }
  }
}
