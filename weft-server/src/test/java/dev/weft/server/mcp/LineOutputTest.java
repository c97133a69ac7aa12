package dev.weft.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * stdout shared by the SDK's messages (written a few bytes at a time) and the errors answered to
 * bad lines (a whole line at once): every line that comes out is one message, never two mixed.
 */
class LineOutputTest {

  static final int EACH = 2000;

  @Test
  void messagesWrittenFromTwoThreadsNeverInterleave() throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    LineOutput out = new LineOutput(sink);
    CountDownLatch go = new CountDownLatch(1);
    Thread sdk =
        Thread.ofPlatform()
            .start(() -> {
              await(go);
              for (int i = 0; i < EACH; i++) {
                byte[] message = ("{\"sdk\":" + i + "}\n").getBytes(StandardCharsets.UTF_8);
                for (int at = 0; at < message.length; at += 3) {
                  write(out, message, at, Math.min(3, message.length - at));
                }
              }
            });
    Thread guard =
        Thread.ofPlatform()
            .start(() -> {
              await(go);
              for (int i = 0; i < EACH; i++) {
                try {
                  out.writeLine("{\"error\":" + i + "}");
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });
    go.countDown();
    sdk.join();
    guard.join();

    List<String> lines = sink.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2 * EACH);
    assertThat(lines).allMatch(line -> line.matches("\\{\"(sdk|error)\":\\d+}"));
    assertThat(lines.stream().filter(l -> l.startsWith("{\"sdk\"")).count()).isEqualTo(EACH);
  }

  private static void write(LineOutput out, byte[] b, int off, int len) {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
