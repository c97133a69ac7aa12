package dev.weft.tasks.store;

import java.time.Instant;
import java.util.List;

/**
 * One call of a run's webhook, for one event of the log, and how it went.
 *
 * @param id the delivery's id
 * @param runId the run whose webhook it calls
 * @param hookName the webhook's name: {@code ""} for the run's own ({@link WebhookStore.Named})
 * @param eventId the event it tells of
 * @param eventType what the event is, e.g. {@code run.succeeded} or {@code task.running}
 * @param hook the call to make
 * @param body the request body (JSON)
 * @param state where it stands
 * @param attempts how many tries were made
 * @param nextAttemptAt when it is tried next, while pending
 * @param createdAt when the event was turned into it
 * @param finishedAt when it was delivered or given up, or {@code null}
 * @param lastStatus the HTTP status of the last try, or {@code null} when it got none
 * @param lastError why the last try failed, or {@code null}
 */
public record WebhookDelivery(
    long id,
    long runId,
    String hookName,
    long eventId,
    String eventType,
    Webhook hook,
    String body,
    State state,
    int attempts,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant finishedAt,
    Integer lastStatus,
    String lastError) {

  /** Where a delivery stands. */
  public enum State {
    /** Not delivered yet: it is tried (again) at its next attempt time. */
    PENDING,
    /** A try was answered with a 2xx status. */
    DELIVERED,
    /** Every try failed: no more are made. */
    FAILED;

    /**
     * The name as the API and the CLI show it: {@code pending}, {@code delivered}, {@code failed}.
     */
    public String display() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One try of a delivery.
   *
   * @param attempt its number, from 1
   * @param at when it was made
   * @param statusCode the HTTP status it got, or {@code null} when it got none
   * @param error why it failed, or {@code null} when it succeeded
   * @param durationMillis how long it took
   */
  public record Attempt(
      int attempt, Instant at, Integer statusCode, String error, long durationMillis) {}

  /** A delivery with its tries, oldest first. */
  public record WithAttempts(WebhookDelivery delivery, List<Attempt> attempts) {}
}
