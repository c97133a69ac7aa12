package dev.weft.tasks.store;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The webhooks of runs and their deliveries ({@link TaskStore#webhooks}). Deliveries are made from
 * the event log: {@link #enqueue} turns the events that call a run's webhook into pending
 * deliveries, once each across every server of the store; {@link #claimDue} hands each due one to
 * one caller; {@link #attempted} records each try. Everything is in the store, so pending
 * deliveries outlive the process that was making them.
 */
public interface WebhookStore {

  /** The format of a webhook's bodies that is the event as {@code /events} has it. */
  String WEFT = "weft";

  /**
   * A webhook of a run under a name: {@code ""} is the run's own ({@link #save}); others are added
   * with {@link #put}, e.g. an A2A push config.
   *
   * @param format what its deliveries' bodies are ({@link #WEFT}, or another the caller of {@link
   *     #enqueue} makes)
   * @param spec what it was made from, as its maker reads it back (JSON), or {@code null}
   */
  record Named(long runId, String name, String format, Webhook hook, String spec) {}

  /**
   * Names {@code hook} on run {@code runId}, replacing one it had: events after the newest one now
   * in the log call it.
   */
  void save(long runId, Webhook hook);

  /**
   * Adds the webhook {@code hook.name()} of run {@code hook.runId()}, or replaces the one of that
   * name: the run's events after {@code afterEventId} call it, even those already turned into
   * deliveries of its other webhooks.
   */
  void put(Named hook, long afterEventId);

  /** The webhooks of a run whose names start with {@code prefix}, in the order of their names. */
  List<Named> named(long runId, String prefix);

  /**
   * Removes a run's webhook: no more deliveries are made to it; those still pending fail with the
   * reason that it was removed. Answers whether it was there.
   */
  boolean remove(long runId, String name);

  /**
   * Turns up to {@code maxEvents} events of the log after the last ones turned into deliveries: for
   * each webhook of the event's run that wants it (a run's end, or each change), a pending delivery
   * due at once, with {@code body} of the webhook and event as its body ({@code null}: the
   * webhook's format has nothing to say of this event, so no delivery) and {@code type} as its
   * event type. Returns how many deliveries it made.
   */
  int enqueue(
      Instant now,
      int maxEvents,
      BiFunction<Named, Event, String> body,
      Function<Event, String> type);

  /**
   * Up to {@code max} pending deliveries due by {@code now}, each now the caller's until {@code
   * until}: no other caller gets it before then (a caller that dies with it leaves it due again
   * then). Only the oldest pending delivery of each webhook is due: a webhook's deliveries are made
   * one at a time, in the order of their events.
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
