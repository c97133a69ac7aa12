package dev.weft.bench;

import dev.weft.stream.Emitter;
import dev.weft.stream.OverflowPolicy;
import dev.weft.stream.StreamGraph;
import dev.weft.stream.StreamResult;
import io.reactivex.rxjava3.core.Flowable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A linear pipeline, {@code source -> map(x+1) x3 -> sink(sum)} over 10,000,000 boxed Longs, with
 * an asynchronous boundary at every hop (5 stage threads, 4 hand-offs), in Weft and its peers, in
 * one JMH run: Project Reactor ({@code subscribeOn} for the source, {@code publishOn} before every
 * map and the sink), RxJava 3 ({@code observeOn} per hop), and a hand-written chain of JCTools SPSC
 * queues with one thread per stage (the practical limit). Every variant checks the sum. {@code
 * buffer} is the per-hop buffer of all of them; {@code reactorDefaults} and {@code rxjavaDefaults}
 * use the peers' own defaults (256 and 128) whatever it says.
 *
 * <p>Run: {@code java -jar weft-bench/target/benchmarks.jar LinearStreamBenchmark}; the figure is
 * the time per message (1e6 / it = millions of messages per second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
public class LinearStreamBenchmark {

  static final int MESSAGES = 10_000_000;
  static final long SUM = sum();

  @Param({"1024", "8192"})
  int buffer;

  private final List<Scheduler> reactorThreads = new ArrayList<>();

  private static long sum() {
    long sum = 0;
    for (long i = 0; i < MESSAGES; i++) {
      sum += i + 3;
    }
    return sum;
  }

  private static long check(long sum) {
    if (sum != SUM) {
      throw new IllegalStateException("sum " + sum + ", expected " + SUM);
    }
    return sum;
  }

  @Setup(Level.Iteration)
  public void threads() {
    for (int i = 0; i < 5; i++) {
      reactorThreads.add(Schedulers.newSingle("reactor-stage-" + i));
    }
  }

  @TearDown(Level.Iteration)
  public void stopThreads() {
    reactorThreads.forEach(Scheduler::dispose);
    reactorThreads.clear();
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public long weft() throws InterruptedException {
    AtomicLong sum = new AtomicLong();
    StreamResult result =
        StreamGraph.builder("linear")
            .defaultEdge(buffer, OverflowPolicy.BLOCK)
            .source(
                "source",
                (Emitter<Long> out) -> {
                  for (long i = 0; i < MESSAGES; i++) {
                    out.emit(i);
                  }
                })
            .map("a", "source", (Long x) -> x + 1)
            .map("b", "a", (Long x) -> x + 1)
            .map("c", "b", (Long x) -> x + 1)
            .sink(
                "sum",
                new dev.weft.stream.Sink<Long>() {
                  private long total;

                  @Override
                  public void accept(Long x) {
                    total += x;
                  }

                  @Override
                  public void finish() {
                    sum.set(total);
                  }
                },
                "c")
            .build()
            .start()
            .await();
    if (result.status() != StreamResult.Status.SUCCEEDED) {
      throw new IllegalStateException(result.toString());
    }
    return check(sum.get());
  }

  private Flux<Long> reactorSource() {
    return Flux.<Long, Long>generate(
            () -> 0L,
            (i, sink) -> {
              if (i == MESSAGES) {
                sink.complete();
              } else {
                sink.next(i);
              }
              return i + 1;
            })
        .subscribeOn(reactorThreads.get(0));
  }

  private long reactor(int prefetch) {
    return check(
        reactorSource()
            .publishOn(reactorThreads.get(1), prefetch)
            .map(x -> x + 1)
            .publishOn(reactorThreads.get(2), prefetch)
            .map(x -> x + 1)
            .publishOn(reactorThreads.get(3), prefetch)
            .map(x -> x + 1)
            .publishOn(reactorThreads.get(4), prefetch)
            .reduce(0L, Long::sum)
            .block());
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public long reactor() {
    return reactor(buffer);
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public long reactorDefaults() {
    return reactor(reactor.util.concurrent.Queues.SMALL_BUFFER_SIZE);
  }

  private static long rxjava(int buffer) {
    io.reactivex.rxjava3.core.Scheduler threads =
        io.reactivex.rxjava3.schedulers.Schedulers.newThread();
    return check(
        Flowable.<Long, Long>generate(
                () -> 0L,
                (i, emitter) -> {
                  if (i == MESSAGES) {
                    emitter.onComplete();
                  } else {
                    emitter.onNext(i);
                  }
                  return i + 1;
                })
            .subscribeOn(threads)
            .observeOn(threads, false, buffer)
            .map(x -> x + 1)
            .observeOn(threads, false, buffer)
            .map(x -> x + 1)
            .observeOn(threads, false, buffer)
            .map(x -> x + 1)
            .observeOn(threads, false, buffer)
            .reduce(0L, Long::sum)
            .blockingGet());
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public long rxjava() {
    return rxjava(buffer);
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public long rxjavaDefaults() {
    return rxjava(Flowable.bufferSize());
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public long jctoolsChain() throws InterruptedException {
    return check(SpscChain.run(MESSAGES, buffer));
  }
}
