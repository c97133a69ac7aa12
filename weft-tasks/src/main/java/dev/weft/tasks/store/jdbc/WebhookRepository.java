package dev.weft.tasks.store.jdbc;

import static dev.weft.tasks.store.jdbc.JdbcDb.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.tasks.store.Event;
import dev.weft.tasks.store.StoreException;
import dev.weft.tasks.store.Webhook;
import dev.weft.tasks.store.WebhookDelivery;
import dev.weft.tasks.store.WebhookStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Webhooks of runs, and their deliveries and tries, in the store's tables. */
final class WebhookRepository implements WebhookStore {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String DELIVERY_COLUMNS =
      "id, run_id, event_id, event_type, url, method, headers, timeout_ms, max_retries, body,"
          + " state, attempts, next_attempt_at, created_at, finished_at, last_status, last_error,"
          + " hook";

  private final JdbcDb db;
  private final EventLog events;

  WebhookRepository(JdbcDb db, EventLog events) {
    this.db = db;
    this.events = events;
  }

  @Override
  public void save(long runId, Webhook hook) {
    db.transaction(
        "saving the webhook of run " + runId,
        () -> {
          insert(runId, hook);
          return null;
        });
  }

  /** Saves a run's webhook in the caller's transaction. */
  void insert(long runId, Webhook hook) throws SQLException {
    insert(new Named(runId, "", WEFT, hook, null), events.lastId());
  }

  private void insert(Named named, long afterEventId) throws SQLException {
    PreparedStatement delete = db.sql("DELETE FROM run_webhooks WHERE run_id = ? AND name = ?");
    delete.setLong(1, named.runId());
    delete.setString(2, named.name());
    delete.executeUpdate();
    Webhook hook = named.hook();
    PreparedStatement insert =
        db.sql(
            "INSERT INTO run_webhooks (run_id, name, format, spec, url, method, headers,"
                + " timeout_ms, max_retries, each_change, after_event_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.setLong(1, named.runId());
    insert.setString(2, named.name());
    insert.setString(3, named.format());
    insert.setString(4, named.spec());
    insert.setString(5, hook.url());
    insert.setString(6, hook.method());
    insert.setString(7, json(hook.headers()));
    insert.setLong(8, hook.timeout().toMillis());
    insert.setInt(9, hook.maxRetries());
    insert.setInt(10, hook.eachChange() ? 1 : 0);
    insert.setLong(11, afterEventId);
    insert.executeUpdate();
  }

  @Override
  public void put(Named hook, long afterEventId) {
    db.transaction(
        "saving webhook " + hook.name() + " of run " + hook.runId(),
        () -> {
          insert(hook, afterEventId);
          // Events already turned into deliveries are turned again: those of the other webhooks
          // are not made twice (one per event and webhook), this one's are made.
          PreparedStatement rewind =
              db.sql("UPDATE webhook_cursor SET event_id = ? WHERE id = 1 AND event_id > ?");
          rewind.setLong(1, afterEventId);
          rewind.setLong(2, afterEventId);
          rewind.executeUpdate();
          return null;
        });
  }

  @Override
  public List<Named> named(long runId, String prefix) {
    return db.read(
        "reading the webhooks of run " + runId,
        () -> {
          PreparedStatement select =
              db.sql(
                  "SELECT "
                      + HOOK_COLUMNS
                      + " FROM run_webhooks WHERE run_id = ? AND substr(name, 1, ?) = ?"
                      + " ORDER BY name");
          select.setLong(1, runId);
          select.setInt(2, prefix.length());
          select.setString(3, prefix);
          List<Named> found = new ArrayList<>();
          try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
              found.add(named(r).named());
            }
          }
          return found;
        });
  }

  @Override
  public boolean remove(long runId, String name) {
    return db.transaction(
        "removing webhook " + name + " of run " + runId,
        () -> {
          PreparedStatement delete =
              db.sql("DELETE FROM run_webhooks WHERE run_id = ? AND name = ?");
          delete.setLong(1, runId);
          delete.setString(2, name);
          boolean was = delete.executeUpdate() > 0;
          PreparedStatement end =
              db.sql(
                  "UPDATE webhook_deliveries SET state = 'failed', finished_at = next_attempt_at,"
                      + " last_error = 'the webhook was removed before this was delivered'"
                      + " WHERE run_id = ? AND hook = ? AND state = 'pending'");
          end.setLong(1, runId);
          end.setString(2, name);
          end.executeUpdate();
          return was;
        });
  }

  @Override
  public int enqueue(
      Instant now,
      int maxEvents,
      BiFunction<Named, Event, String> body,
      Function<Event, String> type) {
    return db.transaction(
        "turning events into webhook deliveries",
        () -> {
          // Taking the cursor's row first makes servers of one store do this in turn.
          db.sql("UPDATE webhook_cursor SET event_id = event_id WHERE id = 1").executeUpdate();
          long cursor;
          try (ResultSet r =
              db.sql("SELECT event_id FROM webhook_cursor WHERE id = 1").executeQuery()) {
            r.next();
            cursor = r.getLong(1);
          }
          List<Event> page = events.read(new Event.Query(cursor, null, null, maxEvents));
          if (page.isEmpty()) {
            return 0;
          }
          Map<Long, List<Hooked>> hooks = hooksOf(page);
          PreparedStatement insert =
              db.sql(
                  "INSERT INTO webhook_deliveries (run_id, hook, event_id, event_type, url,"
                      + " method, headers, timeout_ms, max_retries, body, state, next_attempt_at,"
                      + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)"
                      + " ON CONFLICT (run_id, event_id, hook) DO NOTHING");
          int made = 0;
          for (Event e : page) {
            for (Hooked h : hooks.getOrDefault(e.runId(), List.of())) {
              Webhook hook = h.named().hook();
              if (e.id() <= h.afterEventId() || !(hook.eachChange() || ends(e))) {
                continue;
              }
              String text = body.apply(h.named(), e);
              if (text == null) {
                continue;
              }
              insert.setLong(1, e.runId());
              insert.setString(2, h.named().name());
              insert.setLong(3, e.id());
              insert.setString(4, type.apply(e));
              insert.setString(5, hook.url());
              insert.setString(6, hook.method());
              insert.setString(7, json(hook.headers()));
              insert.setLong(8, hook.timeout().toMillis());
              insert.setInt(9, hook.maxRetries());
              insert.setString(10, text);
              insert.setLong(11, now.toEpochMilli());
              insert.setLong(12, now.toEpochMilli());
              insert.addBatch();
            }
          }
          for (int count : insert.executeBatch()) {
            made += Math.max(count, 0); // 0: made before (the cursor was turned back)
          }
          PreparedStatement advance = db.sql("UPDATE webhook_cursor SET event_id = ? WHERE id = 1");
          advance.setLong(1, page.getLast().id());
          advance.executeUpdate();
          return made;
        });
  }

  private static boolean ends(Event e) {
    return e.kind() == Event.Kind.RUN && e.status().ended();
  }

  private record Hooked(Named named, long afterEventId) {}

  private static final String HOOK_COLUMNS =
      "run_id, name, format, spec, url, method, headers, timeout_ms, max_retries, each_change,"
          + " after_event_id";

  private static Hooked named(ResultSet r) throws SQLException {
    return new Hooked(
        new Named(
            r.getLong(1),
            r.getString(2),
            r.getString(3),
            new Webhook(
                r.getString(5),
                r.getString(6),
                headers(r.getString(7)),
                Duration.ofMillis(r.getLong(8)),
                r.getInt(9),
                r.getInt(10) == 1),
            r.getString(4)),
        r.getLong(11));
  }

  private Map<Long, List<Hooked>> hooksOf(List<Event> page) throws SQLException {
    long[] runs = page.stream().mapToLong(Event::runId).distinct().toArray();
    PreparedStatement select =
        db.sql(
            "SELECT "
                + HOOK_COLUMNS
                + " FROM run_webhooks WHERE "
                + db.dialect().inIds("run_id")
                + " ORDER BY name");
    db.dialect().setIds(select, 1, runs);
    Map<Long, List<Hooked>> hooks = new LinkedHashMap<>();
    try (ResultSet r = select.executeQuery()) {
      while (r.next()) {
        Hooked h = named(r);
        hooks.computeIfAbsent(h.named().runId(), run -> new ArrayList<>()).add(h);
      }
    }
    return hooks;
  }

  @Override
  public List<WebhookDelivery> claimDue(Instant now, int max, Instant until) {
    return db.transaction(
        "claiming due webhook deliveries",
        () -> {
          // Only a webhook's first pending delivery: its next waits until it is delivered or
          // failed.
          // The outer conditions again: a concurrent claim's rows, rechecked, no longer match.
          PreparedStatement claim =
              db.sql(
                  "UPDATE webhook_deliveries SET next_attempt_at = ?"
                      + " WHERE state = 'pending' AND next_attempt_at <= ? AND id IN"
                      + " (SELECT id FROM webhook_deliveries d WHERE state = 'pending'"
                      + " AND next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM"
                      + " webhook_deliveries o WHERE o.run_id = d.run_id AND o.hook = d.hook"
                      + " AND o.state = 'pending' AND o.id < d.id) ORDER BY next_attempt_at, id LIMIT ?)"
                      + " RETURNING "
                      + DELIVERY_COLUMNS);
          claim.setLong(1, until.toEpochMilli());
          claim.setLong(2, now.toEpochMilli());
          claim.setLong(3, now.toEpochMilli());
          claim.setInt(4, max);
          List<WebhookDelivery> claimed = new ArrayList<>();
          try (ResultSet r = claim.executeQuery()) {
            while (r.next()) {
              claimed.add(delivery(r));
            }
          }
          claimed.sort(java.util.Comparator.comparingLong(WebhookDelivery::id));
          return claimed;
        });
  }

  @Override
  public void attempted(
      long deliveryId,
      WebhookDelivery.Attempt attempt,
      WebhookDelivery.State state,
      Instant nextAttemptAt) {
    db.transaction(
        "recording a webhook delivery attempt",
        () -> {
          PreparedStatement insert =
              db.sql(
                  "INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error,"
                      + " duration_ms) VALUES (?, ?, ?, ?, ?, ?)");
          insert.setLong(1, deliveryId);
          insert.setInt(2, attempt.attempt());
          insert.setLong(3, attempt.at().toEpochMilli());
          insert.setObject(4, attempt.statusCode());
          insert.setString(5, attempt.error());
          insert.setLong(6, attempt.durationMillis());
          insert.executeUpdate();
          boolean pending = state == WebhookDelivery.State.PENDING;
          PreparedStatement update =
              db.sql(
                  "UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at = ?,"
                      + " finished_at = ?, last_status = ?, last_error = ? WHERE id = ?");
          update.setString(1, state.display());
          update.setInt(2, attempt.attempt());
          update.setLong(3, pending ? nextAttemptAt.toEpochMilli() : attempt.at().toEpochMilli());
          update.setObject(4, pending ? null : attempt.at().toEpochMilli());
          update.setObject(5, attempt.statusCode());
          update.setString(6, attempt.error());
          update.setLong(7, deliveryId);
          update.executeUpdate();
          return null;
        });
  }

  @Override
  public List<WebhookDelivery.WithAttempts> deliveries(boolean failedOnly, String user, int limit) {
    StringBuilder where = new StringBuilder("1 = 1");
    List<Object> values = new ArrayList<>();
    if (failedOnly) {
      where.append(" AND (state = 'failed' OR (state = 'pending' AND last_error IS NOT NULL))");
    }
    if (user != null) {
      where.append(
          " AND run_id IN (SELECT id FROM tasks WHERE parent_id IS NULL AND user_name = ?)");
      values.add(user);
    }
    values.add(limit);
    return db.read(
        "listing webhook deliveries",
        () -> {
          List<WebhookDelivery> found = new ArrayList<>();
          try (PreparedStatement select =
              db.prepare(
                  "SELECT "
                      + DELIVERY_COLUMNS
                      + " FROM webhook_deliveries WHERE "
                      + where
                      + " ORDER BY id DESC LIMIT ?")) {
            for (int i = 0; i < values.size(); i++) {
              select.setObject(i + 1, values.get(i));
            }
            try (ResultSet r = select.executeQuery()) {
              while (r.next()) {
                found.add(delivery(r));
              }
            }
          }
          List<WebhookDelivery.WithAttempts> listed = new ArrayList<>();
          PreparedStatement tries =
              db.sql(
                  "SELECT attempt, at, status_code, error, duration_ms FROM webhook_attempts"
                      + " WHERE delivery_id = ? ORDER BY attempt");
          for (WebhookDelivery d : found) {
            tries.setLong(1, d.id());
            List<WebhookDelivery.Attempt> attempts = new ArrayList<>();
            try (ResultSet r = tries.executeQuery()) {
              while (r.next()) {
                int status = r.getInt(3);
                boolean none = r.wasNull();
                attempts.add(
                    new WebhookDelivery.Attempt(
                        r.getInt(1),
                        instant(r, 2),
                        none ? null : status,
                        r.getString(4),
                        r.getLong(5)));
              }
            }
            listed.add(new WebhookDelivery.WithAttempts(d, attempts));
          }
          return listed;
        });
  }

  private static WebhookDelivery delivery(ResultSet r) throws SQLException {
    int status = r.getInt(16);
    boolean noStatus = r.wasNull();
    return new WebhookDelivery(
        r.getLong(1),
        r.getLong(2),
        r.getString(18),
        r.getLong(3),
        r.getString(4),
        new Webhook(
            r.getString(5),
            r.getString(6),
            headers(r.getString(7)),
            Duration.ofMillis(r.getLong(8)),
            r.getInt(9),
            false),
        r.getString(10),
        WebhookDelivery.State.valueOf(r.getString(11).toUpperCase(Locale.ROOT)),
        r.getInt(12),
        instant(r, 13),
        instant(r, 14),
        instant(r, 15),
        noStatus ? null : status,
        r.getString(17));
  }

  private static String json(Map<String, String> headers) {
    try {
      return MAPPER.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new StoreException("webhook headers cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> headers(String json) {
    try {
      return MAPPER.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new StoreException("stored webhook headers are not JSON: " + e.getMessage(), e);
    }
  }
}
