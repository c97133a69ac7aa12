package dev.weft.tasks.store.postgres;

import java.util.Arrays;

/**
 * Which of the workers listening for new work a notification wakes at once. Every listener sees
 * every notification; were all to claim at once, their claims would take turns on the claim lock
 * and the one that gets the task would often wait for the others' empty claims (four idle workers
 * on two cores: about 2 ms more from submission to start). So each notification carries a number
 * (the notifying transaction's id), and among the listeners sorted by their backend's pid the one
 * at that number modulo their count claims at once; the others wake a moment later, in case it is
 * busy, gone, or does not serve the task.
 *
 * <p>Each listener keeps its own view of who listens, looked up every few seconds. Views that
 * differ for a moment (a worker has just come or gone) may wake two listeners at once or none, in
 * which case the others' later wake-up claims the work: never later than that.
 */
final class WakeOrder {

  /** A listener that knows of no others: every notification is its own. */
  static WakeOrder alone(int pid) {
    return new WakeOrder(pid, new int[] {pid});
  }

  private final int pid;
  private final int[] listeners; // sorted
  private final int rank; // this listener's place among them, or -1 when not among them

  /** The listener of backend {@code pid} among the listening backends {@code listeners}. */
  WakeOrder(int pid, int[] listeners) {
    this.pid = pid;
    this.listeners = listeners.clone();
    Arrays.sort(this.listeners);
    this.rank = Arrays.binarySearch(this.listeners, pid);
  }

  /** The same listener among {@code others} (as looked up again). */
  WakeOrder among(int[] others) {
    return new WakeOrder(pid, others);
  }

  /**
   * Whether the notification whose payload is {@code payload} is this listener's to act on at once.
   * A payload that is not a number (sent by an older version) wakes every listener at once, as does
   * one that comes while this listener is missing from its own view.
   */
  boolean first(String payload) {
    if (listeners.length <= 1 || rank < 0) {
      return true;
    }
    long ticket;
    try {
      ticket = Long.parseLong(payload);
    } catch (NumberFormatException e) {
      return true;
    }
    return Math.floorMod(ticket, listeners.length) == rank;
  }

  /** The pid of this listener's backend. */
  int pid() {
    return pid;
  }

  /** How many listeners this one knows of, itself included. */
  int listeners() {
    return listeners.length;
  }
}
