package dev.weft.server;

import dev.weft.tasks.store.Event;
import dev.weft.tasks.store.WebhookStore;

/**
 * The bodies of the deliveries of webhooks made in a format other than Weft's own (whose body is
 * the event as {@code /events} has it): an A2A push config's, for one.
 */
@FunctionalInterface
public interface WebhookFormat {

  /**
   * The body of the delivery of {@code event} to {@code hook} (JSON), or {@code null} when this
   * format has nothing to say of that event, so that no delivery is made.
   */
  String body(WebhookStore.Named hook, Event event);
}
