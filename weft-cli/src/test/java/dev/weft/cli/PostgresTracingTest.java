package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.TraceContext;
import dev.weft.tasks.tracing.OtlpReceiver;
import dev.weft.tasks.tracing.OtlpReceiver.Received;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run worked off by two {@code weft worker} processes on PostgreSQL: the trace context stored
 * with the run when it was submitted (by a third process) makes the attempts of both workers
 * children of the run's span, in one trace.
 */
@PostgresTest
class PostgresTracingTest {

  private static final int TASKS = 12;

  @TempDir Path dir;

  private StoreFixture database;
  private OtlpReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    database = StoreFixture.postgres();
    receiver = new OtlpReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
    database.close();
  }

  private ProcessBuilder weft(String name, String... args) {
    ProcessBuilder builder =
        Cli.process(args)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("OTEL_"));
    builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    builder.environment().put("OTEL_SERVICE_NAME", name);
    return builder;
  }

  @Test
  void attemptsOfTwoWorkerProcessesJoinTheTraceOfTheRunTheyShare() throws Exception {
    StringBuilder yaml = new StringBuilder("weft: 1\nname: shared\nkind: tasks\nnodes:\n");
    for (int i = 0; i < TASKS; i++) {
      yaml.append("  - id: t").append(i).append("\n    type: sleep\n");
      yaml.append("    with: {duration: 300ms}\n");
    }
    Path manifest = dir.resolve("shared.yaml");
    Files.writeString(manifest, yaml);
    // due in a few seconds, so that both workers are up and claiming when its tasks are
    Process submit =
        weft("submitter", "run", manifest.toString(), "--detach", "--at", "4s", "--db", db())
            .start();
    assertThat(submit.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(submit.exitValue()).as(log("submitter")).isZero();
    TraceContext stored;
    long runId;
    try (TaskStore store = database.open()) {
      runId = store.findRuns(null, null, 10, 0).getFirst().id();
      stored = store.trace(runId).orElseThrow();
    }

    List<Process> workers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      workers.add(
          weft("worker-" + w, "worker", "--until-idle", "--concurrency", "2", "--db", db())
              .start());
    }
    for (int w = 0; w < 2; w++) {
      assertThat(workers.get(w).waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(workers.get(w).exitValue()).as(log("worker-" + w)).isZero();
    }

    // sent by the time each worker has exited
    List<Received> spans = receiver.spans();
    List<Received> attempts =
        spans.stream().filter(s -> s.name().startsWith("weft.attempt ")).toList();
    assertThat(attempts).hasSize(TASKS);
    assertThat(attempts)
        .extracting(Received::service)
        .as("both workers ran attempts")
        .containsOnly("worker-0", "worker-1")
        .contains("worker-0", "worker-1");
    assertThat(attempts.stream().map(s -> s.attributes().get("weft.worker.id")).distinct())
        .hasSize(2);
    assertThat(attempts).extracting(Received::traceId).containsOnly(stored.traceId());
    assertThat(attempts).extracting(Received::parentSpanId).containsOnly(stored.spanId());
    assertThat(attempts).extracting(s -> s.attributes().get("weft.run.id")).containsOnly(runId);

    // the run's span, once, from the worker that ended the run, with the id given at submit
    List<Received> runs = spans.stream().filter(s -> s.name().equals("weft.run")).toList();
    assertThat(runs).hasSize(1);
    assertThat(runs.getFirst().traceId()).isEqualTo(stored.traceId());
    assertThat(runs.getFirst().spanId()).isEqualTo(stored.spanId());
    assertThat(runs.getFirst().parentSpanId()).isEmpty();
    assertThat(runs.getFirst().service()).isIn("worker-0", "worker-1");
    assertThat(spans).hasSize(TASKS + 1); // the submitter sent nothing of its own
  }

  private String db() {
    return database.location();
  }

  private String log(String name) throws Exception {
    return Files.readString(dir.resolve(name + ".log"));
  }
}
