package dev.weft.tasks.tracing;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.Tracing;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TraceContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * Tracing with the OpenTelemetry SDK, its spans exported over OTLP/HTTP. Configured like any
 * OpenTelemetry SDK ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_SERVICE_NAME}, {@code
 * OTEL_TRACES_SAMPLER}, ... as environment variables or {@code otel.*} system properties), over the
 * settings given here (a config file's), which they override.
 *
 * <pre>{@code
 * Tracing tracing = OtelTracing.fromEnvironment(Map.of());  // Tracing.NONE unless configured
 * EngineOptions options = EngineOptions.defaults().withTracing(tracing);
 * }</pre>
 *
 * <p>Spans: {@code weft.run} (attributes {@code weft.run.id}, {@code weft.pipeline}, {@code
 * weft.run.status}) and, its children, {@code weft.attempt NODE} ({@code weft.run.id}, {@code
 * weft.task.id}, {@code weft.task.node}, {@code weft.task.type}, {@code weft.attempt}, {@code
 * weft.worker.id}, {@code weft.outcome}); a failed one has status ERROR with the error message.
 */
public final class OtelTracing implements Tracing {

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final AttributeKey<Long> RUN_ID = AttributeKey.longKey("weft.run.id");
  private static final AttributeKey<String> PIPELINE = AttributeKey.stringKey("weft.pipeline");
  private static final AttributeKey<String> RUN_STATUS = AttributeKey.stringKey("weft.run.status");
  private static final AttributeKey<Long> TASK_ID = AttributeKey.longKey("weft.task.id");
  private static final AttributeKey<String> NODE = AttributeKey.stringKey("weft.task.node");
  private static final AttributeKey<String> TYPE = AttributeKey.stringKey("weft.task.type");
  private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("weft.attempt");
  private static final AttributeKey<String> WORKER = AttributeKey.stringKey("weft.worker.id");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("weft.outcome");

  /** What Weft sets unless the environment says otherwise: traces only, over OTLP/HTTP. */
  private static final Map<String, String> DEFAULTS =
      Map.of(
          "otel.service.name", "weft",
          "otel.traces.exporter", "otlp",
          "otel.metrics.exporter", "none",
          "otel.logs.exporter", "none",
          "otel.exporter.otlp.protocol", "http/protobuf");

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;
  private final PresetIds ids;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OtelTracing(OpenTelemetrySdk sdk, PresetIds ids) {
    this.sdk = sdk;
    this.tracer = sdk.getTracer("dev.weft.tasks");
    this.ids = ids;
  }

  /**
   * Tracing as the environment and {@code settings} configure it ({@code otel.*} properties, e.g.
   * from a config file's {@code tracing:} section; the environment's win), or {@link Tracing#NONE}
   * when neither names an exporter ({@link #configured}). Spans left are sent when the JVM exits.
   */
  public static Tracing fromEnvironment(Map<String, String> settings) {
    return configured(settings, System::getenv) ? start(settings) : Tracing.NONE;
  }

  /**
   * Whether tracing is asked for: an OTLP endpoint or a traces exporter (other than {@code none})
   * is named, by {@code settings} or in the environment ({@code env}: variables by name; system
   * properties count too), and {@code OTEL_SDK_DISABLED} is not {@code true}.
   */
  public static boolean configured(Map<String, String> settings, UnaryOperator<String> env) {
    UnaryOperator<String> look =
        property -> {
          String value = System.getProperty(property);
          if (value == null) {
            value = env.apply(property.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
          }
          return value != null && !value.isBlank() ? value : settings.get(property);
        };
    if ("true".equalsIgnoreCase(look.apply("otel.sdk.disabled"))) {
      return false;
    }
    String exporter = look.apply("otel.traces.exporter");
    if (exporter != null) {
      return !exporter.strip().equals("none");
    }
    return look.apply("otel.exporter.otlp.endpoint") != null
        || look.apply("otel.exporter.otlp.traces.endpoint") != null;
  }

  /**
   * Tracing with the SDK configured by the environment over {@code settings}, whatever they say.
   */
  public static OtelTracing start(Map<String, String> settings) {
    Map<String, String> properties = new HashMap<>(DEFAULTS);
    properties.putAll(settings);
    PresetIds ids = new PresetIds();
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> properties)
            .addTracerProviderCustomizer((provider, config) -> provider.setIdGenerator(ids))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    OtelTracing tracing = new OtelTracing(sdk, ids);
    Runtime.getRuntime()
        .addShutdownHook(Thread.ofPlatform().name("weft-tracing-flush").unstarted(tracing::close));
    return tracing;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public TraceContext newRun(String traceparent, String tracestate) {
    Context caller = extract(traceparent, tracestate);
    SpanContext parent = Span.fromContext(caller).getSpanContext();
    // Started for its ids and the sampler's decision only, and never ended, so never sent: the
    // run's real span gets the same ids when the run ends (runEnded).
    Span run = tracer.spanBuilder("weft.run").setParent(caller).startSpan();
    Map<String, String> headers = inject(Context.root().with(run));
    return new TraceContext(
        headers.get("traceparent"),
        headers.get("tracestate"),
        parent.isValid() ? parent.getSpanId() : null);
  }

  @Override
  public AttemptSpan attempt(TraceContext run, ClaimedTask task, String workerId) {
    Context parent = run == null ? Context.root() : extract(run.traceparent(), run.tracestate());
    Span span =
        tracer
            .spanBuilder("weft.attempt " + task.nodeId())
            .setParent(parent)
            .setAttribute(RUN_ID, task.rootId())
            .setAttribute(TASK_ID, task.id())
            .setAttribute(NODE, task.nodeId())
            .setAttribute(TYPE, task.type())
            .setAttribute(ATTEMPT, (long) task.attempt())
            .setAttribute(WORKER, workerId)
            .startSpan();
    // Current on the attempt's thread, so code of the task that uses OpenTelemetry nests under it.
    Scope scope = span.makeCurrent();
    Map<String, String> headers = inject(Context.root().with(span));
    return new AttemptSpan() {
      @Override
      public Map<String, String> headers() {
        return headers;
      }

      @Override
      public void end(String outcome, String error) {
        span.setAttribute(OUTCOME, outcome);
        if (error != null) {
          span.setStatus(StatusCode.ERROR, error);
        }
        scope.close();
        span.end();
      }
    };
  }

  @Override
  public void runEnded(TraceContext context, TaskRecord run) {
    Context parent =
        context.parentSpanId() == null
            ? Context.root()
            : extract(
                "00-" + context.traceId() + "-" + context.parentSpanId() + "-" + flags(context),
                context.tracestate());
    Span span =
        ids.starting(
            context.traceId(),
            context.spanId(),
            () ->
                tracer
                    .spanBuilder("weft.run")
                    .setParent(parent)
                    .setStartTimestamp(run.createdAt())
                    .setAttribute(RUN_ID, run.id())
                    .setAttribute(PIPELINE, run.nodeId())
                    .setAttribute(RUN_STATUS, run.status().display())
                    .startSpan());
    if (run.status() != TaskStatus.SUCCEEDED) {
      span.setStatus(StatusCode.ERROR, run.error() == null ? run.status().display() : run.error());
    }
    span.end(run.finishedAt() != null ? run.finishedAt() : run.createdAt());
  }

  private static String flags(TraceContext context) {
    String[] parts = context.traceparent().split("-");
    return parts.length > 3 ? parts[3] : "01";
  }

  @Override
  public void flush() {
    sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  private static Context extract(String traceparent, String tracestate) {
    if (traceparent == null) {
      return Context.root();
    }
    Map<String, String> headers = new HashMap<>();
    headers.put("traceparent", traceparent);
    if (tracestate != null) {
      headers.put("tracestate", tracestate);
    }
    return W3C.extract(Context.root(), headers, HEADERS);
  }

  private static Map<String, String> inject(Context context) {
    Map<String, String> headers = new LinkedHashMap<>();
    W3C.inject(context, headers, Map::put);
    return Map.copyOf(headers);
  }

  private static final TextMapGetter<Map<String, String>> HEADERS =
      (carrier, key) -> carrier == null ? null : carrier.get(key);
}
