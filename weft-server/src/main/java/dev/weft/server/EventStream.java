package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.tasks.store.Event;
import dev.weft.tasks.store.TaskStore;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The store's event log as Server-Sent Events: {@code GET /events} (resumed after {@code
 * Last-Event-ID} or {@code ?after=}, filtered by {@code ?run=} and {@code ?user=}), and the events
 * of one run until it ends, as {@code tasks.execute} with {@code use_streaming} answers. Each event
 * is read from the store, so a stream resumed on another server, or after a restart, carries on
 * exactly where it left off. A comment line goes out when nothing else has for a while, so proxies
 * and the server's idle timeout keep the connection open ({@link EventTail}).
 */
final class EventStream {

  private final TaskStore store;
  private final EventTail tail;
  private final Auth auth;

  EventStream(TaskStore store, EventTail tail, Auth auth) {
    this.store = store;
    this.tail = tail;
    this.auth = auth;
  }

  /** {@code GET /events}. */
  void serve(Context ctx) throws IOException, InterruptedException {
    Caller caller;
    try {
      caller = auth.authenticate(ctx.header("Authorization"));
    } catch (Auth.Unauthorized e) {
      ctx.header("WWW-Authenticate", "Bearer");
      refuse(
          ctx,
          401,
          Errors.UNAUTHORIZED,
          "Unauthorized",
          Jsons.object().put("reason", e.getMessage()));
      return;
    }
    if (!caller.allows(Scope.READ)) {
      refuse(
          ctx,
          403,
          Errors.FORBIDDEN,
          "Forbidden: /events needs the read scope",
          Jsons.object().put("needs", "read"));
      return;
    }
    String lastId = ctx.header("Last-Event-ID");
    Long after;
    Long run;
    try {
      after =
          lastId != null && !lastId.isBlank()
              ? number(lastId, "Last-Event-ID")
              : "latest".equals(ctx.queryParam("after"))
                  ? Long.valueOf(store.lastEventId()) // from now on: what a page just read
                  : number(ctx.queryParam("after"), "after");
      run = number(ctx.queryParam("run"), "run");
    } catch (IllegalArgumentException e) {
      String[] field = e.getMessage().split(": ", 2);
      refuse(
          ctx,
          400,
          Errors.INVALID_PARAMS,
          "Invalid params",
          Jsons.object().put("field", field[0]).put("reason", field[1]));
      return;
    }
    String user = ctx.queryParam("user");
    if (!caller.admin()) {
      if (user != null && !user.equals(caller.user())) {
        refuse(
            ctx,
            403,
            Errors.FORBIDDEN,
            "Forbidden: only admins read other users' events",
            Jsons.object().put("field", "user").put("user", user));
        return;
      }
      user = caller.user(); // a user sees their own runs' events only
    }
    stream(ctx, new Event.Query(after == null ? 0 : after, run, user, EventTail.PAGE), null);
  }

  /**
   * Answers with the events of run {@code runId} after event {@code after}, {@code response} (the
   * JSON-RPC response) first, until the run ends.
   */
  void streamRun(Context ctx, JsonNode response, long runId, long after)
      throws IOException, InterruptedException {
    stream(ctx, new Event.Query(after, runId, null, EventTail.PAGE), response);
  }

  private void stream(Context ctx, Event.Query query, JsonNode response)
      throws IOException, InterruptedException {
    HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    OutputStream out = res.getOutputStream();
    boolean untilRunEnds = response != null;
    try {
      write(out, "retry: 2000\n\n");
      if (untilRunEnds) {
        write(out, "event: response\ndata: " + Jsons.text(response) + "\n\n");
      }
      tail.follow(
          query.afterId(),
          query.runId(),
          query.user(),
          new EventTail.Sink() {
            @Override
            public boolean event(Event e) throws IOException {
              write(
                  out,
                  "id: "
                      + e.id()
                      + "\nevent: "
                      + e.kind().display()
                      + "\ndata: "
                      + json(e)
                      + "\n\n");
              return !(untilRunEnds && e.kind() == Event.Kind.RUN && e.status().ended());
            }

            @Override
            public void heartbeat() throws IOException {
              write(out, ": heartbeat\n\n");
            }
          });
    } catch (IOException e) {
      // The client went away: the stream ends; it resumes with Last-Event-ID.
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** An event as the streams and {@code events} data carry it. */
  static ObjectNode json(Event e) {
    ObjectNode o = Jsons.object();
    o.put("id", e.id());
    o.put("at", e.at().toString());
    o.put("kind", e.kind().display());
    o.put("run_id", e.runId());
    o.put("task_id", e.taskId());
    o.put("node_id", e.nodeId());
    o.put("status", e.status() == null ? null : e.status().display());
    o.put("error", e.error());
    if (e.progress() != null) {
      o.put("progress", e.progress());
      o.put("note", e.note());
    }
    o.put("user", e.user());
    return o;
  }

  private static Long number(String text, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      long n = Long.parseLong(text.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        field + ": must be an event or run id (digits), not " + text);
  }

  private static void refuse(Context ctx, int status, int code, String message, ObjectNode data) {
    ctx.status(status);
    ctx.contentType("application/json");
    ctx.result(Jsons.text(JsonRpc.error(null, code, message, data)));
  }
}
