package dev.weft.tasks.tracing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver on a free loopback port, as a collector would be: it accepts {@code
 * POST /v1/traces} (protobuf), decodes the spans and keeps them.
 */
public final class OtlpReceiver implements AutoCloseable {

  /**
   * A span as received.
   *
   * @param service the {@code service.name} of the resource that sent it
   * @param traceId 32 hex digits
   * @param spanId 16 hex digits
   * @param parentSpanId 16 hex digits, or empty for a root span
   * @param attributes by key, each a string, long, double or boolean
   * @param error whether its status is ERROR
   * @param statusMessage its status message
   * @param startNanos its start, in nanoseconds since the epoch
   * @param endNanos its end
   */
  public record Received(
      String service,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      Map<String, Object> attributes,
      boolean error,
      String statusMessage,
      long startNanos,
      long endNanos) {}

  private final HttpServer server;
  private final List<Received> spans = new CopyOnWriteArrayList<>();

  /** Starts a receiver. */
  public OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
              exchange.sendResponseHeaders(405, -1);
              return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
              body = new GZIPInputStream(body);
            }
            keep(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
          }
        });
    server.start();
  }

  /** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set to for this receiver. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The spans received so far, in order of arrival. */
  public List<Received> spans() {
    return List.copyOf(spans);
  }

  private void keep(ExportTraceServiceRequest request) {
    HexFormat hex = HexFormat.of();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      String service = String.valueOf(attributes(resourceSpans.getResource()).get("service.name"));
      for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          spans.add(
              new Received(
                  service,
                  hex.formatHex(span.getTraceId().toByteArray()),
                  hex.formatHex(span.getSpanId().toByteArray()),
                  hex.formatHex(span.getParentSpanId().toByteArray()),
                  span.getName(),
                  attributes(span.getAttributesList()),
                  span.getStatus().getCode()
                      == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR,
                  span.getStatus().getMessage(),
                  span.getStartTimeUnixNano(),
                  span.getEndTimeUnixNano()));
        }
      }
    }
  }

  private static Map<String, Object> attributes(Resource resource) {
    return attributes(resource.getAttributesList());
  }

  private static Map<String, Object> attributes(List<KeyValue> list) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : list) {
      AnyValue v = kv.getValue();
      map.put(
          kv.getKey(),
          switch (v.getValueCase()) {
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BOOL_VALUE -> v.getBoolValue();
            default -> v.getStringValue();
          });
    }
    return map;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
