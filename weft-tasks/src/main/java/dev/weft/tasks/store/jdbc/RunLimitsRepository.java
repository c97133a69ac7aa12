package dev.weft.tasks.store.jdbc;

import dev.weft.core.RunLimits;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's own concurrency limits (the {@code limits:} of its pipeline), kept in memory: claims read
 * them for every candidate task. They never change once the run is stored, so a kept copy stays
 * right; at most {@link #KEPT} runs' are kept (another worker may end a run, so this one would not
 * hear of it), so a worker's memory stays flat however many runs pass through it.
 */
final class RunLimitsRepository {

  /** How run_limits rows name a limiter's capacity ('@gpu'); a type cannot start with '@'. */
  static final String LIMITER = "@";

  private final JdbcDb db;
  static final int KEPT = 4096;

  private final Map<Long, RunLimits> byRun =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, RunLimits> eldest) {
              return size() > KEPT;
            }
          });

  RunLimitsRepository(JdbcDb db) {
    this.db = db;
  }

  /** Stores a run's own limits, in the caller's transaction. */
  void insert(long root, RunLimits limits) throws SQLException {
    if (!limits.any()) {
      return;
    }
    PreparedStatement insert =
        db.sql("INSERT INTO run_limits (run_id, type, capacity) VALUES (?, ?, ?)");
    Map<String, Integer> caps = new LinkedHashMap<>(limits.perType());
    if (limits.running() != null) {
      caps.put("", limits.running());
    }
    limits.limiters().forEach((name, cap) -> caps.put(LIMITER + name, cap));
    for (Map.Entry<String, Integer> cap : caps.entrySet()) {
      insert.setLong(1, root);
      insert.setString(2, cap.getKey());
      insert.setInt(3, cap.getValue());
      insert.addBatch();
    }
    insert.executeBatch();
  }

  /** The limits of run {@code root}, read once while the run lasts. */
  RunLimits of(long root) throws SQLException {
    RunLimits cached = byRun.get(root);
    if (cached != null) {
      return cached;
    }
    PreparedStatement select = db.sql("SELECT type, capacity FROM run_limits WHERE run_id = ?");
    select.setLong(1, root);
    Integer running = null;
    Map<String, Integer> perType = new HashMap<>();
    Map<String, Integer> limiters = new HashMap<>();
    try (ResultSet r = select.executeQuery()) {
      while (r.next()) {
        String type = r.getString(1);
        if (type.isEmpty()) {
          running = r.getInt(2);
        } else if (type.startsWith(LIMITER)) {
          limiters.put(type.substring(LIMITER.length()), r.getInt(2));
        } else {
          perType.put(type, r.getInt(2));
        }
      }
    }
    RunLimits limits = new RunLimits(running, perType, limiters);
    byRun.put(root, limits);
    return limits;
  }

  /** Drops what is kept of run {@code root}: it has ended (a retry reads them again). */
  void forget(long root) {
    byRun.remove(root);
  }
}
