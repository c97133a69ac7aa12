package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.EventTail;
import dev.weft.server.RpcGateway;
import dev.weft.tasks.store.Event;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SendStreamingMessage and SubscribeToTask (message/stream and tasks/resubscribe in 0.3): the task
 * first, then a status update for each change of the run and each progress report, and an artifact
 * update for each task result, as Server-Sent Events whose data are JSON-RPC responses, until the
 * run ends. The events are the store's log, followed as {@code GET /events} follows it.
 */
final class A2aStreams {

  private final A2aTasks tasks;
  private final EventTail tail;

  A2aStreams(A2aTasks tasks, EventTail tail) {
    this.tasks = tasks;
    this.tail = tail;
  }

  /**
   * Answers a streaming operation. Errors found before the stream starts (bad params, an unknown or
   * ended task) are thrown, to be answered as a plain JSON-RPC error.
   */
  void answer(
      Context ctx,
      Operation op,
      JsonNode id,
      JsonNode params,
      RpcGateway.Identity who,
      Dialect dialect)
      throws IOException, InterruptedException {
    long after = tail.lastEventId(); // every event of the run from here on is streamed
    ObjectNode task =
        op == Operation.SEND_STREAMING_MESSAGE
            ? tasks.start(params, who, dialect)
            : tasks.subscribable(params, who, dialect);
    long runId = Long.parseLong(task.get("id").asText());
    String contextId = task.get("contextId").asText();
    HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    OutputStream out = res.getOutputStream();
    try {
      send(out, id, dialect == Dialect.V1_0 ? A2aJson.object().set("task", task) : task);
      tail.follow(
          after,
          runId,
          null,
          new EventTail.Sink() {
            @Override
            public boolean event(Event e) throws IOException {
              boolean ended = e.kind() == Event.Kind.RUN && e.status().ended();
              if (e.kind() == Event.Kind.TASK
                  && (e.status().display().equals("succeeded")
                      || e.status().display().equals("cached"))) {
                JsonNode artifact = artifact(e, who, dialect);
                if (artifact != null) {
                  send(
                      out,
                      id,
                      StatusUpdates.update(dialect, "artifact", e, contextId, artifact, false));
                }
              }
              JsonNode status =
                  ended ? finalStatus(e, who, dialect) : StatusUpdates.status(e, dialect);
              send(out, id, StatusUpdates.update(dialect, "status", e, contextId, status, ended));
              return !ended;
            }

            @Override
            public void heartbeat() throws IOException {
              write(out, ": heartbeat\n\n");
            }
          });
    } catch (IOException e) {
      // The client went away; it can follow the task again with SubscribeToTask.
    }
  }

  /** The status of an ended run, as GetTask says it (with why it failed). */
  private JsonNode finalStatus(Event e, RpcGateway.Identity who, Dialect dialect) {
    try {
      JsonNode task = tasks.get(A2aJson.object().put("id", Long.toString(e.runId())), who, dialect);
      return task.get("status");
    } catch (A2aError gone) {
      return StatusUpdates.status(e, dialect);
    }
  }

  /** The result of the task an event says succeeded, as an artifact; null when it has none. */
  private JsonNode artifact(Event e, RpcGateway.Identity who, Dialect dialect) {
    JsonNode run;
    try {
      run = tasks.run(Long.toString(e.runId()), who);
    } catch (A2aError gone) {
      return null; // the run went away under the stream: its end event follows
    }
    for (JsonNode t : run.path("tasks")) {
      JsonNode result = t.get("result");
      if (t.path("id").asLong() == e.taskId() && result != null && !result.isNull()) {
        ObjectNode artifact = A2aJson.object();
        artifact.put("artifactId", "task-" + e.taskId());
        artifact.put("name", t.path("node").asText());
        artifact.putArray("parts").add(dialect.dataPart(result));
        return artifact;
      }
    }
    return null;
  }

  private static void send(OutputStream out, JsonNode id, JsonNode result) throws IOException {
    ObjectNode response = A2aJson.object().put("jsonrpc", "2.0");
    response.set("id", id);
    response.set("result", result);
    write(out, "data: " + new String(A2aJson.bytes(response), StandardCharsets.UTF_8) + "\n\n");
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
