package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.core.policy.CircuitBreaker;
import dev.weft.core.policy.RetryPolicy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamRunTest {

  /** Every node thread of every run has ended: nothing is left running after a test. */
  @AfterEach
  void noNodeThreadIsLeft() {
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("weft-stream-") && t.isAlive());
  }

  private static Source<Long> numbers(long count) {
    return out -> {
      for (long i = 0; i < count && !out.cancelled(); i++) {
        out.emit(i);
      }
    };
  }

  @Test
  void messagesArriveInOrderAndNoneIsLostUnderBlock() throws Exception {
    long n = 1_000_000;
    AtomicLong expected = new AtomicLong();
    AtomicLong outOfOrder = new AtomicLong();
    StreamGraph graph =
        StreamGraph.builder("linear")
            .defaultEdge(16, OverflowPolicy.BLOCK)
            .source("numbers", numbers(n))
            .map("a", "numbers", (Long x) -> x + 1)
            .map("b", "a", (Long x) -> x + 1)
            .map("c", "b", (Long x) -> x - 2)
            .sink(
                "check",
                (Long x) -> {
                  if (x != expected.getAndIncrement()) {
                    outOfOrder.incrementAndGet();
                  }
                },
                "c")
            .build();

    StreamResult result = graph.start().await();

    assertThat(result.status()).isEqualTo(StreamResult.Status.SUCCEEDED);
    assertThat(expected.get()).isEqualTo(n);
    assertThat(outOfOrder.get()).isZero();
    assertThat(result.node("b").in()).isEqualTo(n);
    assertThat(result.node("b").out()).isEqualTo(n);
    assertThat(result.node("check").dropped()).isZero();
  }

  /** A sink held back until its source has emitted everything, behind an 8-message edge. */
  private static StreamResult overflow(OverflowPolicy policy, long n, List<Long> received)
      throws Exception {
    CountDownLatch sourceDone = new CountDownLatch(1);
    StreamGraph graph =
        StreamGraph.builder("overflow")
            .source(
                "numbers",
                (Emitter<Long> out) -> {
                  numbers(n).run(out);
                  sourceDone.countDown();
                })
            .sink(
                "slow",
                (Long x) -> {
                  sourceDone.await();
                  received.add(x);
                },
                "numbers")
            .edge("numbers", "slow", 8, policy)
            .build();
    return graph.start().await();
  }

  @Test
  void dropNewestCountsEveryDropAndKeepsTheFirstMessages() throws Exception {
    List<Long> received = new ArrayList<>();

    StreamResult result = overflow(OverflowPolicy.DROP_NEWEST, 10_000, received);

    long dropped = result.node("slow").dropped();
    assertThat(received.size() + dropped).isEqualTo(10_000);
    assertThat(dropped).isGreaterThan(0);
    assertThat(received).isSorted().startsWith(0L, 1L);
  }

  @Test
  void dropOldestCountsEveryDropAndKeepsTheLatestMessages() throws Exception {
    List<Long> received = new ArrayList<>();

    StreamResult result = overflow(OverflowPolicy.DROP_OLDEST, 10_000, received);

    long dropped = result.node("slow").dropped();
    assertThat(received.size() + dropped).isEqualTo(10_000);
    assertThat(dropped).isGreaterThan(0);
    assertThat(received).isSorted().endsWith(9_998L, 9_999L);
  }

  @Test
  void fanInEndsWhenEveryInputHasEndedAndKeepsEachInputsOrder() throws Exception {
    List<Long> merged = new CopyOnWriteArrayList<>();
    StreamGraph graph =
        StreamGraph.builder("fan-in")
            .source("small", numbers(1_000))
            .source(
                "large",
                (Emitter<Long> out) -> {
                  for (long i = 0; i < 50_000; i++) {
                    out.emit(1_000_000 + i);
                  }
                })
            .transform("merge", (Long x, Emitter<Long> out) -> out.emit(x), "small", "large")
            .<Long>sink("collect", merged::add, "merge")
            .build();

    StreamResult result = graph.start().await();

    assertThat(result.status()).isEqualTo(StreamResult.Status.SUCCEEDED);
    assertThat(merged).hasSize(51_000);
    assertThat(merged.stream().filter(x -> x < 1_000_000).toList()).isSorted().hasSize(1_000);
    assertThat(merged.stream().filter(x -> x >= 1_000_000).toList()).isSorted().hasSize(50_000);
  }

  @Test
  void fanOutHandsTheSameReferenceToEveryConsumer() throws Exception {
    byte[] payload = new byte[1 << 20];
    List<Object> first = new CopyOnWriteArrayList<>();
    List<Object> second = new CopyOnWriteArrayList<>();
    StreamGraph graph =
        StreamGraph.builder("fan-out")
            .source(
                "one",
                (Emitter<byte[]> out) -> {
                  for (int i = 0; i < 10; i++) {
                    out.emit(payload);
                  }
                })
            .sink("a", first::add, "one")
            .sink("b", second::add, "one")
            .build();

    graph.start().await();

    assertThat(first).hasSize(10).allSatisfy(m -> assertThat(m).isSameAs(payload));
    assertThat(second).hasSize(10).allSatisfy(m -> assertThat(m).isSameAs(payload));
  }

  /** Counts opens and closes, to check every node is closed however the run ends. */
  private static final class Lifecycle {
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    <I, O> Transform<I, O> wrap(Transform<I, O> inner) {
      return new Transform<>() {
        @Override
        public void open(StageContext context) {
          opened.incrementAndGet();
        }

        @Override
        public void process(I message, Emitter<O> out) throws Exception {
          inner.process(message, out);
        }

        @Override
        public void close() {
          closed.incrementAndGet();
        }
      };
    }
  }

  @Test
  void aFailingNodeFailsTheRunWithItsIdAndCauseAndEveryNodeCloses() throws Exception {
    Lifecycle lifecycle = new Lifecycle();
    StreamGraph graph =
        StreamGraph.builder("failing")
            .source("numbers", numbers(Long.MAX_VALUE))
            .transform(
                "parse",
                lifecycle.wrap((Long x, Emitter<Long> out) -> {
                  if (x == 500) {
                    throw new IllegalStateException("bad record 500");
                  }
                  out.emit(x);
                }),
                "numbers")
            .transform("pass", lifecycle.wrap((Long x, Emitter<Long> out) -> out.emit(x)), "parse")
            .sink("drain", (Long x) -> {}, "pass")
            .build();

    StreamResult result = graph.start().await();

    assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
    assertThat(result.failedNode()).isEqualTo("parse");
    assertThat(result.error()).isEqualTo("bad record 500");
    assertThat(result.node("parse").errors()).isEqualTo(1);
    assertThat(lifecycle.opened).hasValue(2);
    assertThat(lifecycle.closed).hasValue(2);
  }

  @Test
  void failedMessagesAreRetriedThenSentToTheErrorsOutput() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<FailedMessage> deadLetters = new CopyOnWriteArrayList<>();
    List<Long> good = new CopyOnWriteArrayList<>();
    StreamGraph graph =
        StreamGraph.builder("retries")
            .source("numbers", numbers(100))
            .transform(
                "flaky",
                (Long x, Emitter<Long> out) -> {
                  calls.incrementAndGet();
                  if (x % 10 == 0) {
                    throw new IllegalArgumentException("no tens: " + x);
                  }
                  out.emit(x);
                },
                "numbers")
            .retry("flaky", RetryPolicy.builder().maxAttempts(3).build())
            .<Long>sink("good", good::add, "flaky")
            .<FailedMessage>sink("dead", deadLetters::add)
            .errors("flaky", "dead")
            .build();

    StreamResult result = graph.start().await();

    assertThat(result.status()).isEqualTo(StreamResult.Status.SUCCEEDED);
    assertThat(good).hasSize(90);
    assertThat(deadLetters).hasSize(10);
    assertThat(deadLetters.getFirst()).isEqualTo(new FailedMessage("flaky", 0L, "no tens: 0"));
    assertThat(calls).hasValue(90 + 10 * 3);
    assertThat(result.node("flaky").retries()).isEqualTo(20);
    assertThat(result.node("flaky").errors()).isEqualTo(10);
  }

  @Test
  void anOpenBreakerSendsMessagesToTheErrorsOutputWithoutTryingThem() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<FailedMessage> deadLetters = new CopyOnWriteArrayList<>();
    StreamGraph graph =
        StreamGraph.builder("breaker")
            .source("numbers", numbers(50))
            .sink(
                "down",
                (Long x) -> {
                  calls.incrementAndGet();
                  throw new java.io.IOException("service down");
                },
                "numbers")
            .breaker("down", new CircuitBreaker(5, Duration.ofHours(1), InstantSource.system()))
            .<FailedMessage>sink("dead", deadLetters::add)
            .errors("down", "dead")
            .build();

    StreamResult result = graph.start().await();

    assertThat(result.status()).isEqualTo(StreamResult.Status.SUCCEEDED);
    assertThat(calls).hasValue(5);
    assertThat(deadLetters).hasSize(50);
    assertThat(deadLetters.getLast().error()).isEqualTo("the circuit breaker of down is open");
  }

  @Test
  void cancellingStopsAnEndlessRunAndClosesEveryNode() throws Exception {
    Lifecycle lifecycle = new Lifecycle();
    StreamGraph graph =
        StreamGraph.builder("endless")
            .source("numbers", numbers(Long.MAX_VALUE))
            .transform(
                "pass", lifecycle.wrap((Long x, Emitter<Long> out) -> out.emit(x)), "numbers")
            .sink("drain", (Long x) -> {}, "pass")
            .build();
    StreamRun run = graph.start();
    Awaitility.await()
        .until(() ->
            run.stats().stream().anyMatch(n -> n.nodeId().equals("drain") && n.in() > 10_000));

    run.cancel();
    StreamResult result = run.await();

    assertThat(result.status()).isEqualTo(StreamResult.Status.CANCELLED);
    assertThat(result.failedNode()).isNull();
    assertThat(lifecycle.closed).hasValue(1);
  }

  @Test
  void aBadGraphIsRefusedNamingEveryProblem() {
    assertThatThrownBy(() ->
            StreamGraph.builder("bad")
                .source("numbers", numbers(1))
                .map("a", "numbrs", (Long x) -> x)
                .map("b", "c", (Long x) -> x)
                .map("c", "b", (Long x) -> x)
                .sink("end", (Long x) -> {})
                .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a: unknown input 'numbrs'; did you mean 'numbers'?")
        .hasMessageContaining("end: needs at least one input")
        .hasMessageContaining("cycle: b -> c -> b");
  }
}
