package dev.weft.tasks.store;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The webhooks of runs and their deliveries ({@link TaskStore#webhooks}). Deliveries are made from
 * the event log: {@link #enqueue} turns the events that call a run's webhook into pending
 * deliveries, once each across every server of the store; {@link #claimDue} hands each due one to
 * one caller; {@link #attempted} records each try. Everything is in the store, so pending
 * deliveries outlive the process that was making them.
 */
public interface WebhookStore {

  /**
   * Names {@code hook} on run {@code runId}, replacing one it had: events after the newest one now
   * in the log call it.
   */
  void save(long runId, Webhook hook);

  /**
   * Turns up to {@code maxEvents} events of the log after the last ones turned into deliveries:
   * those of runs with a webhook, that the webhook wants (a run's end, or each change), become
   * pending deliveries due at once, with {@code body} of the event as their body and {@code type}
   * as their event type. Returns how many deliveries it made.
   */
  int enqueue(
      Instant now, int maxEvents, Function<Event, String> body, Function<Event, String> type);

  /**
   * Up to {@code max} pending deliveries due by {@code now}, each now the caller's until {@code
   * until}: no other caller gets it before then (a caller that dies with it leaves it due again
   * then). Only the oldest pending delivery of each run is due: a run's deliveries are made one at
   * a time, in the order of their events.
   */
  List<WebhookDelivery> claimDue(Instant now, int max, Instant until);

  /**
   * Records a try of a delivery, and where the delivery stands after it.
   *
   * @param nextAttemptAt when a still pending delivery is tried again (ignored otherwise)
   */
  void attempted(
      long deliveryId,
      WebhookDelivery.Attempt attempt,
      WebhookDelivery.State state,
      Instant nextAttemptAt);

  /**
   * Deliveries, newest first, with their tries.
   *
   * @param failedOnly only failed ones (given up, or pending after a failed try)
   * @param user only those of this user's runs, or {@code null}
   */
  List<WebhookDelivery.WithAttempts> deliveries(boolean failedOnly, String user, int limit);
}
