package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.tasks.tracing.HeaderRecorder;
import dev.weft.tasks.tracing.OtlpReceiver;
import dev.weft.tasks.tracing.OtlpReceiver.Received;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft run} as a user starts it, as a process: with {@code OTEL_EXPORTER_OTLP_ENDPOINT} set
 * its spans reach an OTLP receiver on a local port; without, nothing is sent or propagated.
 */
class TracingCommandTest {

  @TempDir Path dir;

  private OtlpReceiver receiver;
  private HeaderRecorder downstream;
  private Path manifest;

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpReceiver();
    downstream = new HeaderRecorder();
    manifest = dir.resolve("traced.yaml");
    Files.writeString(
        manifest,
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
        """
            .formatted(downstream.url("/hook")));
  }

  @AfterEach
  void stop() {
    receiver.close();
    downstream.close();
  }

  /**
   * Runs {@code weft run} on the manifest with these environment variables (and no other OTEL_).
   */
  private String weftRun(Map<String, String> env) throws Exception {
    ProcessBuilder builder =
        Cli.process("run", manifest.toString(), "--db", dir.resolve("weft.db").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("run.log").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_"));
    builder.environment().remove("WEFT_CONFIG");
    builder.environment().putAll(env);
    Process run = builder.directory(dir.toFile()).start();
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(dir.resolve("run.log"));
    assertThat(run.exitValue()).as(log).isZero();
    return log;
  }

  @Test
  void weftRunWithAnOtlpEndpointSendsTheRunAndItsAttemptsInOneTrace() throws Exception {
    weftRun(
        Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_SERVICE_NAME", "weft-cli"));

    // sent by the time the process has exited
    assertThat(receiver.spans())
        .extracting(Received::name)
        .containsExactlyInAnyOrder("weft.attempt first", "weft.attempt call", "weft.run");
    Received run = byName("weft.run");
    Received call = byName("weft.attempt call");
    assertThat(run.service()).isEqualTo("weft-cli");
    assertThat(run.attributes()).containsEntry("weft.pipeline", "traced");
    assertThat(receiver.spans()).extracting(Received::traceId).containsOnly(run.traceId());
    assertThat(byName("weft.attempt first").parentSpanId()).isEqualTo(run.spanId());
    assertThat(call.parentSpanId()).isEqualTo(run.spanId());
    assertThat(downstream.traceparents())
        .containsExactly("00-" + run.traceId() + "-" + call.spanId() + "-01");
  }

  @Test
  void weftRunWithoutConfigurationSendsNothingAndPropagatesNothing() throws Exception {
    String log = weftRun(Map.of());

    assertThat(downstream.traceparents()).containsExactly(""); // called, with no traceparent
    assertThat(receiver.spans()).isEmpty();
    assertThat(log).doesNotContainIgnoringCase("opentelemetry").doesNotContain("export");
  }

  @Test
  void theConfigFilesTracingSectionTurnsTracingOn() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(
        config, "tracing:\n  endpoint: " + receiver.endpoint() + "\n  service-name: weft-config\n");

    Cli.Result result =
        Cli.run(
            "run",
            manifest.toString(),
            "--config",
            config.toString(),
            "--db",
            dir.resolve("config.db").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    // sent when the engine closed
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().size() >= 3);
    assertThat(receiver.spans()).extracting(Received::service).containsOnly("weft-config");
    assertThat(downstream.traceparents().getFirst()).contains(byName("weft.run").traceId());
  }

  @Test
  void aBadTracingSectionIsNamedWithAHint() throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, "tracing:\n  endpoint: collector:4318\n  sampler: always\n");

    Cli.Result result = Cli.run("run", manifest.toString(), "--config", config.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("tracing.sampler is not a setting");
    Files.writeString(config, "tracing:\n  endpoint: collector:4318\n");
    result = Cli.run("run", manifest.toString(), "--config", config.toString());
    assertThat(result.err())
        .contains(
            "tracing.endpoint must be an http:// or https:// address, not collector:4318 (the"
                + " collector's OTLP/HTTP address, e.g. http://localhost:4318)");
  }

  private Received byName(String name) {
    List<Received> found = receiver.spans().stream().filter(s -> s.name().equals(name)).toList();
    assertThat(found).as(name).hasSize(1);
    return found.getFirst();
  }
}
