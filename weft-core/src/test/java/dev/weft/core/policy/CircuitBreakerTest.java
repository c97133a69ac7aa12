package dev.weft.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.policy.CircuitBreaker.State;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final MutableClock clock = new MutableClock();
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), clock);

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.onFailure();
    }
  }

  @Test
  void opensAfterTheThresholdOfConsecutiveFailures() {
    fail(2);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);

    fail(1);

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void aSuccessResetsTheCount() {
    fail(2);
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onSuccess();
    fail(2);

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void afterTheOpenDurationOneProbeIsAllowedAndItsSuccessCloses() {
    fail(3);
    clock.advance(Duration.ofSeconds(9));
    assertThat(breaker.tryAcquire()).isFalse();

    clock.advance(Duration.ofSeconds(1));
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).as("the probe").isTrue();
    assertThat(breaker.tryAcquire()).as("a second call while the probe runs").isFalse();

    breaker.onSuccess();

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void aFailedProbeOpensAgainForAFullDuration() {
    fail(3);
    clock.advance(Duration.ofSeconds(10));
    assertThat(breaker.tryAcquire()).isTrue();

    breaker.onFailure();

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    clock.advance(Duration.ofSeconds(9));
    assertThat(breaker.tryAcquire()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void onlyOneProbeGetsThroughUnderContention() throws Exception {
    fail(3);
    clock.advance(Duration.ofSeconds(10));
    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger admitted = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        pool.submit(() -> {
          start.await();
          if (breaker.tryAcquire()) {
            admitted.incrementAndGet();
          }
          return null;
        });
      }
      start.countDown();
    }
    assertThat(admitted).hasValue(1);
  }
}
