package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.weft.tasks.store.StoreFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call that takes longer than the server's timeout is answered -32008, and the next one works.
 */
class TimeoutTest {

  @TempDir Path dir;

  @Test
  void aSlowCallIsCutOffAtTheTimeout() {
    RpcMethod slow =
        new RpcMethod(
            "slow",
            "sleeps",
            Scope.READ,
            Schemas.object(""),
            Schemas.integer(null),
            call -> {
              Thread.sleep(10_000);
              return IntNode.valueOf(1);
            });
    ServerConfig config =
        ServerConfig.defaults().withWork(false).withLimits(1 << 20, 100, Duration.ofMillis(300));
    try (Served served = new Served(StoreFixture.Kind.SQLITE, dir, config, List.of(slow))) {
      long start = System.nanoTime();
      JsonNode reply = served.call("slow", "{}");

      assertThat(reply.at("/error/code").asInt()).isEqualTo(-32008);
      assertThat(reply.at("/error/data/timeout_ms").asLong()).isEqualTo(300);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(served.result("tasks.list", "{}")).isEmpty();
    }
  }
}
