package dev.weft.audio;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Source;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code audio.wav-source}: a WAV file as {@link AudioFrame}s of {@code frame} each (default 20ms;
 * the last may be shorter), optionally paced in real time like a live microphone. 16-bit files give
 * i16 frames, 24 and 32-bit PCM give i32, float gives f32.
 */
public final class WavSourceType implements StreamNodeType {

  private static final Duration DEFAULT_FRAME = Duration.ofMillis(20);
  private static final Duration MAX_FRAME = Duration.ofSeconds(10);

  @Override
  public String name() {
    return "audio.wav-source";
  }

  @Override
  public String description() {
    return "emits a WAV file (16/24/32-bit PCM, 32-bit float) as audio frames";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("path", ConfigSchema.Type.PATH, "the WAV file to read")
        .optional(
            "frame",
            ConfigSchema.Type.DURATION,
            "the length of each frame, up to 10s (default 20ms)")
        .optional(
            "realtime",
            ConfigSchema.Type.BOOLEAN,
            "emit each frame when its time comes, like a live microphone (default false)")
        .build();
  }

  @Override
  public Stage create(Node node) {
    Path path = Path.of((String) node.with().get("path"));
    Duration frame = NodeConfig.duration(node.with(), "frame", DEFAULT_FRAME);
    if (frame.isZero() || frame.isNegative() || frame.compareTo(MAX_FRAME) > 0) {
      throw new IllegalArgumentException(
          "node " + node.id() + ": frame must be longer than 0 and at most 10s, e.g. 20ms");
    }
    boolean realtime = Boolean.TRUE.equals(node.with().get("realtime"));
    return (Source<AudioFrame>)
        out -> {
          try (WavReader reader = WavReader.open(path)) {
            int rate = reader.format().sampleRate();
            int length = (int) Math.max(1, Math.round(frame.toNanos() * (double) rate / 1e9));
            long start = System.nanoTime();
            for (AudioFrame f = reader.next(length); f != null; f = reader.next(length)) {
              if (realtime && !waitUntil(start + f.timestamp().toNanos(), out::cancelled)) {
                return;
              }
              if (out.cancelled()) {
                return;
              }
              out.emit(f);
            }
          }
        };
  }

  /** Parks until {@code deadline} (a {@link System#nanoTime}); false if cancelled before. */
  private static boolean waitUntil(long deadline, BooleanSupplier cancelled) {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      if (cancelled.getAsBoolean()) {
        return false;
      }
      LockSupport.parkNanos(Math.min(left, 10_000_000L));
    }
    return true;
  }
}
