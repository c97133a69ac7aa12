package dev.weft.tasks;

import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.StoreException;
import dev.weft.tasks.store.TaskStore;
import java.util.Collection;

/**
 * Records the span of each run that ends, from the status changes that end them. Whoever makes the
 * change that ends a run (the engine that wrote its last task's outcome, or a cancel that found
 * nothing running) passes the changes here: exactly one process sees each end.
 */
public final class RunSpans {

  private final TaskStore store;
  private final Tracing tracing;

  /** Run spans of the runs of {@code store}, recorded in {@code tracing}. */
  public RunSpans(TaskStore store, Tracing tracing) {
    this.store = store;
    this.tracing = tracing;
  }

  /** Records the span of the run that {@code change} ends, if it ends one that is traced. */
  public void changed(StatusChange change) {
    if (!tracing.enabled() || !change.runEnded()) {
      return;
    }
    try {
      store
          .trace(change.rootId())
          .ifPresent(
              trace -> store.task(change.rootId()).ifPresent(run -> tracing.runEnded(trace, run)));
    } catch (StoreException e) {
      // The run has ended in the store whatever happens here: its span is lost, not its work.
    }
  }

  /** {@link #changed} for each of {@code changes}. */
  public void changed(Collection<StatusChange> changes) {
    if (tracing.enabled()) {
      changes.forEach(this::changed);
    }
  }
}
