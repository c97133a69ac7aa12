package dev.weft.tasks.store;

import java.time.Duration;
import java.util.Map;

/**
 * A URL a run names, called when it ends (or on each of its changes): what the call is.
 *
 * @param url an absolute http or https URL
 * @param method POST, PUT or PATCH
 * @param headers extra request headers, by name
 * @param timeout how long one try may take
 * @param maxRetries how many times a failed try is made again (so at most {@code maxRetries + 1})
 * @param eachChange call on each change of the run and its tasks, not only on its end
 */
public record Webhook(
    String url,
    String method,
    Map<String, String> headers,
    Duration timeout,
    int maxRetries,
    boolean eachChange) {

  public Webhook {
    headers = Map.copyOf(headers);
  }
}
