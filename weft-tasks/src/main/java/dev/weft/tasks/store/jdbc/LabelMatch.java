package dev.weft.tasks.store.jdbc;

import dev.weft.core.RoutingSpec;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The condition a claim adds to the ready-task query for a worker's labels: a task that requires
 * labels is claimed only by a worker having all of them; a task that prefers labels is claimed by a
 * worker having all of them, or by any worker once it has been ready for its prefer wait.
 *
 * <p>Tasks keep their labels canonical (sorted, comma-joined), so "the worker has all of them" is
 * "the task's string is one of the subsets of the worker's labels": one {@code IN} that both
 * databases run as it is. A worker has at most {@link RoutingSpec#MAX_WORKER_LABELS} labels, so at
 * most 255 subsets.
 */
final class LabelMatch {

  private final List<String> subsets;
  private final String condition;

  private LabelMatch(List<String> subsets) {
    this.subsets = subsets;
    String in = subsets.isEmpty() ? null : "IN (" + "?, ".repeat(subsets.size() - 1) + "?)";
    this.condition =
        in == null
            ? "require_labels IS NULL"
                + " AND (prefer_labels IS NULL OR ready_at + prefer_wait_ms <= ?)"
            : "(require_labels IS NULL OR require_labels "
                + in
                + ")"
                + " AND (prefer_labels IS NULL OR prefer_labels "
                + in
                + " OR ready_at + prefer_wait_ms <= ?)";
  }

  /** The match for a worker serving {@code labels}. */
  static LabelMatch of(List<String> labels) {
    if (labels.size() > RoutingSpec.MAX_WORKER_LABELS) {
      throw new IllegalArgumentException(
          "a worker serves at most "
              + RoutingSpec.MAX_WORKER_LABELS
              + " labels, got "
              + labels.size());
    }
    List<String> sorted = labels.stream().distinct().sorted().toList();
    List<String> subsets = new ArrayList<>();
    for (int mask = 1; mask < 1 << sorted.size(); mask++) {
      List<String> subset = new ArrayList<>();
      for (int i = 0; i < sorted.size(); i++) {
        if ((mask & 1 << i) != 0) {
          subset.add(sorted.get(i));
        }
      }
      subsets.add(RoutingSpec.canonical(subset));
    }
    return new LabelMatch(subsets);
  }

  /** The SQL condition, with the placeholders {@link #bind} fills. */
  String condition() {
    return condition;
  }

  /** Binds the condition's parameters from {@code index}; returns the next free index. */
  int bind(PreparedStatement statement, int index, Instant now) throws SQLException {
    int p = index;
    for (int pass = 0; pass < (subsets.isEmpty() ? 0 : 2); pass++) {
      for (String subset : subsets) {
        statement.setString(p++, subset);
      }
    }
    statement.setLong(p++, now.toEpochMilli());
    return p;
  }
}
