package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.CacheSpec;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.builtin.EchoType;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The result cache by input fingerprint, on the real store and a clock moved by hand. */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class CacheTest {

  @Parameter StoreFixture.Kind kind;
  private StoreFixture database;

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
  private TaskStore store;
  private TaskEngine engine;

  @BeforeEach
  void open() {
    database = kind.create(dir);
    store = database.open();
    engine =
        new TaskEngine(
            store,
            NodeTypes.of(new EchoType(), new SlowType()),
            EngineOptions.defaults().withClock(clock));
  }

  @AfterEach
  void close() {
    engine.close();
    store.close();
    database.close();
  }

  private Map<String, TaskRecord> run(String message) throws InterruptedException {
    Pipeline p =
        Pipeline.builder("cached")
            .node(
                "fetch",
                "echo",
                n ->
                    n.with("message", message)
                        .tasks(t -> t.cache(new CacheSpec("auto", Duration.ofHours(1)))))
            .node("use", "echo", n -> n.after("fetch"))
            .build();
    TaskRecord run = engine.run(engine.submit(p), RunListener.NONE);
    assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
    return store.tasks(run.id()).stream().collect(Collectors.toMap(TaskRecord::nodeId, t -> t));
  }

  /** A task that takes three seconds of the test's clock. */
  private final class SlowType implements TaskNodeType {
    @Override
    public String name() {
      return "slow";
    }

    @Override
    public TaskExecutor create(Node node) {
      return context -> {
        clock.advance(Duration.ofSeconds(3));
        return "done";
      };
    }
  }

  @Test
  void theTimeToLiveCountsFromWhenTheResultIsKept() throws Exception {
    Pipeline p =
        Pipeline.builder("slow")
            .node(
                "work",
                "slow",
                n -> n.tasks(t -> t.cache(new CacheSpec("auto", Duration.ofSeconds(3)))))
            .build();

    engine.run(engine.submit(p), RunListener.NONE);
    Instant kept = clock.instant();
    clock.advance(Duration.ofSeconds(2));
    TaskRecord again = engine.run(engine.submit(p), RunListener.NONE);

    assertThat(store.cacheEntries())
        .singleElement()
        .satisfies(e -> {
          assertThat(e.createdAt()).isEqualTo(kept);
          assertThat(e.expiresAt()).isEqualTo(kept.plusSeconds(3));
        });
    assertThat(store.tasks(again.id()).getFirst().status()).isEqualTo(TaskStatus.CACHED);
  }

  @Test
  void aTaskWithTheSameFingerprintReusesTheResultUntilItExpires() throws Exception {
    Map<String, TaskRecord> first = run("hello");
    Map<String, TaskRecord> second = run("hello");
    Map<String, TaskRecord> otherConfig = run("bonjour");
    clock.advance(Duration.ofHours(2));
    Map<String, TaskRecord> expired = run("hello");

    assertThat(first.get("fetch").status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(second.get("fetch").status()).isEqualTo(TaskStatus.CACHED);
    assertThat(second.get("fetch").originalId()).isEqualTo(first.get("fetch").id());
    assertThat(second.get("fetch").attempt()).as("its code did not run").isZero();
    assertThat(store.attempts(second.get("fetch").id())).isEmpty();
    assertThat(second.get("use").resultJson()).isEqualTo("{\"fetch\":\"hello\"}");
    assertThat(otherConfig.get("fetch").status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(expired.get("fetch").status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(store.cacheEntries()).hasSize(2);
    assertThat(store.clearCache(true, clock.instant())).as("bonjour's entry expired").isEqualTo(1);
    assertThat(store.cacheEntries())
        .singleElement()
        .satisfies(e -> assertThat(e.nodeId()).isEqualTo("fetch"));
  }
}
