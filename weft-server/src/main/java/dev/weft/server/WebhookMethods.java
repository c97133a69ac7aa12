package dev.weft.server;

import static dev.weft.server.Schemas.arrayOf;
import static dev.weft.server.Schemas.bool;
import static dev.weft.server.Schemas.object;
import static dev.weft.server.Schemas.range;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.tasks.store.WebhookDelivery;
import java.time.Instant;
import java.util.List;

/** {@code webhooks.list}: the deliveries of runs' webhooks and each of their tries. */
final class WebhookMethods {

  private final Api api;

  WebhookMethods(Api api) {
    this.api = api;
  }

  List<RpcMethod> methods() {
    return List.of(
        new RpcMethod(
            "webhooks.list",
            "Webhook deliveries, newest first, with each try (yours unless admin)",
            Scope.READ,
            object(
                "filters",
                "failed",
                bool("only failed ones: given up, or pending after a failed try"),
                "limit",
                range(Schemas.integer("at most this many (100)"), 1, 1000)),
            arrayOf(
                Schemas.type(
                    "object",
                    "id, run_id, event_id, event_type, url, state, attempts, last_status,"
                        + " last_error, tries, ..."),
                null),
            call -> {
              ArrayNode out = Jsons.array();
              String user = call.caller().admin() ? null : call.caller().user();
              for (WebhookDelivery.WithAttempts d :
                  api.store
                      .webhooks()
                      .deliveries(
                          call.params().path("failed").asBoolean(false),
                          user,
                          call.params().path("limit").asInt(100))) {
                out.add(json(d));
              }
              return out;
            }));
  }

  static ObjectNode json(WebhookDelivery.WithAttempts listed) {
    WebhookDelivery d = listed.delivery();
    ObjectNode o = Jsons.object();
    o.put("id", d.id());
    o.put("run_id", d.runId());
    o.put("hook", d.hookName());
    o.put("event_id", d.eventId());
    o.put("event_type", d.eventType());
    o.put("url", d.hook().url());
    o.put("method", d.hook().method());
    o.put("state", d.state().display());
    o.put("attempts", d.attempts());
    o.put("max_retries", d.hook().maxRetries());
    o.put("last_status", d.lastStatus());
    o.put("last_error", d.lastError());
    o.put("created_at", String.valueOf(d.createdAt()));
    o.put(
        "next_attempt_at",
        text(d.state() == WebhookDelivery.State.PENDING ? d.nextAttemptAt() : null));
    o.put("finished_at", text(d.finishedAt()));
    ArrayNode tries = o.putArray("tries");
    for (WebhookDelivery.Attempt a : listed.attempts()) {
      tries
          .addObject()
          .put("attempt", a.attempt())
          .put("at", a.at().toString())
          .put("status_code", a.statusCode())
          .put("error", a.error())
          .put("duration_ms", a.durationMillis());
    }
    return o;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
