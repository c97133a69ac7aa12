package dev.weft.tasks.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.RunListener;
import dev.weft.tasks.RunPlans;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.TaskManifests;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.Tracing;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.TraceContext;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import dev.weft.tasks.tracing.OtlpReceiver.Received;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real pipelines with OpenTelemetry tracing exported over OTLP/HTTP to a receiver on a local
 * port, and reads back what it received.
 */
class TracingTest {

  @TempDir Path dir;

  private OtlpReceiver receiver;
  private HeaderRecorder downstream;
  private OtelTracing tracing;

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpReceiver();
    downstream = new HeaderRecorder();
    tracing =
        OtelTracing.start(
            Map.of(
                "otel.exporter.otlp.endpoint",
                receiver.endpoint(),
                "otel.service.name",
                "weft-test"));
  }

  @AfterEach
  void stop() {
    tracing.close();
    receiver.close();
    downstream.close();
  }

  private Pipeline manifest() throws Exception {
    Files.writeString(
        dir.resolve("inner.yaml"),
        """
        weft: 1
        name: inner
        kind: tasks
        nodes:
          - id: deep
            type: echo
        """);
    Path main = dir.resolve("traced.yaml");
    Files.writeString(
        main,
        """
        weft: 1
        name: traced
        kind: tasks
        nodes:
          - id: first
            type: echo
          - id: call
            type: http
            after: [first]
            with: { url: "%s" }
          - id: sub
            type: pipeline
            after: [first]
            with: { file: inner.yaml }
          - id: broken
            type: fail
            with: { message: "the disk is full" }
        """
            .formatted(downstream.url("/hook")));
    return TaskManifests.load(main, Map.of(), NodeTypes.load()).orThrow();
  }

  private TaskRecord run(TaskStore store, Pipeline pipeline) throws InterruptedException {
    try (TaskEngine engine =
        new TaskEngine(store, NodeTypes.load(), EngineOptions.defaults().withTracing(tracing))) {
      return engine.run(engine.submit(pipeline), RunListener.NONE);
    }
  }

  private List<Received> awaitSpans(int count) {
    tracing.flush();
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().size() >= count);
    return receiver.spans();
  }

  @Test
  void oneTraceHoldsTheRunItsAttemptsAndTheServiceTheHttpTaskCalled() throws Exception {
    TaskRecord ended;
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"))) {
      ended = run(store, manifest());
      assertThat(store.trace(ended.id())).isPresent();
    }
    assertThat(ended.status()).isEqualTo(TaskStatus.FAILED);

    // the run, and an attempt each of first, call, sub/deep, sub and broken
    List<Received> spans = awaitSpans(6);
    assertThat(spans).hasSize(6);
    Map<String, Received> byName =
        spans.stream().collect(Collectors.toMap(Received::name, Function.identity()));
    Received run = byName.get("weft.run");
    assertThat(run).isNotNull();
    assertThat(run.parentSpanId()).isEmpty(); // it began the trace
    assertThat(run.service()).isEqualTo("weft-test");
    assertThat(run.attributes())
        .containsEntry("weft.run.id", ended.id())
        .containsEntry("weft.pipeline", "traced")
        .containsEntry("weft.run.status", "failed");
    assertThat(run.error()).isTrue();
    // its real times: from the run's creation to its end
    assertThat(run.startNanos()).isEqualTo(nanos(ended.createdAt()));
    assertThat(run.endNanos()).isEqualTo(nanos(ended.finishedAt()));

    assertThat(spans).extracting(Received::traceId).containsOnly(run.traceId());
    assertThat(byName)
        .containsOnlyKeys(
            "weft.run",
            "weft.attempt first",
            "weft.attempt call",
            "weft.attempt sub/deep",
            "weft.attempt sub",
            "weft.attempt broken");
    for (Received span : spans) {
      if (span != run) {
        assertThat(span.parentSpanId()).as(span.name()).isEqualTo(run.spanId());
        assertThat(span.startNanos()).as(span.name()).isGreaterThanOrEqualTo(run.startNanos());
        assertThat(span.attributes())
            .as(span.name())
            .containsEntry("weft.run.id", ended.id())
            .containsEntry("weft.attempt", 1L)
            .containsKeys("weft.task.id", "weft.worker.id");
      }
    }
    Received call = byName.get("weft.attempt call");
    assertThat(call.attributes())
        .containsEntry("weft.task.type", "http")
        .containsEntry("weft.outcome", "succeeded");
    assertThat(call.error()).isFalse();

    // the service the http task called joined the trace, under the attempt's span
    assertThat(downstream.traceparents())
        .containsExactly("00-" + run.traceId() + "-" + call.spanId() + "-01");

    Received broken = byName.get("weft.attempt broken");
    assertThat(broken.error()).isTrue();
    assertThat(broken.statusMessage()).isEqualTo("the disk is full (attempt 1)");
    assertThat(broken.attributes()).containsEntry("weft.outcome", "failed");
  }

  @Test
  void aRunSubmittedWithTheCallersTraceparentJoinsTheCallersTrace() throws Exception {
    String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    String callerSpan = "00f067aa0ba902b7";
    Pipeline pipeline = Pipeline.builder("joined").node("only", "echo", n -> {}).build();
    TaskRecord ended;
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine =
            new TaskEngine(
                store, NodeTypes.load(), EngineOptions.defaults().withTracing(tracing))) {
      TraceContext context =
          tracing.newRun("00-" + callerTrace + "-" + callerSpan + "-01", "vendor=on");
      long id = store.createRun(RunPlans.plan(pipeline).withTrace(context), Instant.now());
      ended = engine.run(id, RunListener.NONE);
      assertThat(store.trace(id)).contains(context);
    }
    assertThat(ended.status()).isEqualTo(TaskStatus.SUCCEEDED);

    List<Received> spans = awaitSpans(2);
    Received run =
        spans.stream().filter(s -> s.name().equals("weft.run")).findFirst().orElseThrow();
    Received only =
        spans.stream().filter(s -> s.name().equals("weft.attempt only")).findFirst().orElseThrow();
    assertThat(run.traceId()).isEqualTo(callerTrace);
    assertThat(run.parentSpanId()).isEqualTo(callerSpan);
    assertThat(run.error()).isFalse();
    assertThat(only.traceId()).isEqualTo(callerTrace);
    assertThat(only.parentSpanId()).isEqualTo(run.spanId());
  }

  @Test
  void withoutTracingNothingIsKeptOrSentAndTheRunIsTheSame() throws Exception {
    Pipeline pipeline = manifest();
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("untraced.db"));
        TaskEngine engine = new TaskEngine(store, NodeTypes.load(), EngineOptions.defaults())) {
      long id = engine.run(engine.submit(pipeline), RunListener.NONE).id();
      assertThat(store.trace(id)).isEmpty();
      assertThat(store.tasks(id))
          .filteredOn(t -> !t.nodeId().equals("broken") && t.id() != id)
          .extracting(TaskRecord::status)
          .containsOnly(TaskStatus.SUCCEEDED);
    }
    assertThat(downstream.traceparents()).containsExactly(""); // called, without a traceparent
    tracing.flush();
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void tracingIsOffUnlessAnExporterOrEndpointIsNamed() {
    Function<Map<String, String>, java.util.function.UnaryOperator<String>> env = vars -> vars::get;
    assertThat(OtelTracing.configured(Map.of(), env.apply(Map.of()))).isFalse();
    assertThat(
            OtelTracing.configured(
                Map.of(), env.apply(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"))))
        .isTrue();
    assertThat(OtelTracing.configured(Map.of(), env.apply(Map.of("OTEL_TRACES_EXPORTER", "otlp"))))
        .isTrue();
    assertThat(
            OtelTracing.configured(
                Map.of("otel.exporter.otlp.endpoint", "http://c:4318"),
                env.apply(Map.of("OTEL_TRACES_EXPORTER", "none"))))
        .isFalse();
    assertThat(
            OtelTracing.configured(
                Map.of("otel.exporter.otlp.endpoint", "http://c:4318"),
                env.apply(Map.of("OTEL_SDK_DISABLED", "true"))))
        .isFalse();
    assertThat(
            OtelTracing.configured(
                Map.of("otel.exporter.otlp.endpoint", "http://c:4318"), env.apply(Map.of())))
        .isTrue();
    assertThat(Tracing.NONE.newRun("00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01", null))
        .isNull();
  }

  private static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }
}
