package dev.weft.tasks.tracing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on a free loopback port that answers 200 and keeps each request's trace header.
 */
public final class HeaderRecorder implements AutoCloseable {

  private final HttpServer server;
  private final List<String> traceparents = new CopyOnWriteArrayList<>();
  private final List<String> tracestates = new CopyOnWriteArrayList<>();

  /** Starts the server. */
  public HeaderRecorder() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            String tracestate = exchange.getRequestHeaders().getFirst("tracestate");
            traceparents.add(traceparent == null ? "" : traceparent);
            tracestates.add(tracestate == null ? "" : tracestate);
            exchange.sendResponseHeaders(200, -1);
          }
        });
    server.start();
  }

  /** The address of the server's path {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The {@code traceparent} header of each request, in order; empty for one without. */
  public List<String> traceparents() {
    return List.copyOf(traceparents);
  }

  /** The {@code tracestate} header of each request, in order; empty for one without. */
  public List<String> tracestates() {
    return List.copyOf(tracestates);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
