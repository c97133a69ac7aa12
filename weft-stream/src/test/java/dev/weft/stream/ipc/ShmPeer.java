package dev.weft.stream.ipc;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The other process of the channel tests: {@code write FILE COUNT MAX SEED}, {@code read FILE
 * COUNT}, {@code write-torn FILE COUNT} (writes COUNT messages, then half of one more, says {@code
 * mid-write} and waits to be killed), {@code read-hold FILE COUNT} (takes COUNT, then holds one
 * more, says {@code holding} and waits to be killed).
 */
public final class ShmPeer {

  private ShmPeer() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    int count = Integer.parseInt(args[2]);
    try (ShmChannel channel = ShmChannel.open(file)) {
      switch (args[0]) {
        case "write" ->
            write(
                channel.writer(), count, Integer.parseInt(args[3]), Long.parseLong(args[4]), true);
        case "read" -> System.out.println(read(channel.reader(), count));
        case "write-torn" -> {
          ShmWriter writer = channel.writer();
          write(writer, count, 4096, 1, false);
          MemorySegment buffer = writer.loan(4096, () -> false);
          Payloads.fill(buffer, count, new SplittableRandom(2));
          buffer.asSlice(2048).fill((byte) 0); // half written when the writer dies
          System.out.println("mid-write");
          System.in.read();
        }
        case "read-hold" -> {
          ShmReader reader = channel.reader();
          System.out.println(read(reader, count));
          reader.take(() -> false);
          System.out.println("holding");
          System.in.read();
        }
        default -> throw new IllegalArgumentException(args[0]);
      }
    }
  }

  static void write(ShmWriter writer, int count, int max, long seed, boolean end) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      MemorySegment buffer = writer.loan(Payloads.size(random, max), () -> false);
      Payloads.fill(buffer, i, random);
      writer.publish((int) buffer.byteSize(), ShmLayout.KIND_BYTES);
    }
    if (end) {
      writer.end();
    }
  }

  /** Takes {@code count} messages and checks each: "ok N" or the first problem. */
  static String read(ShmReader reader, int count) {
    for (int i = 0; i < count; i++) {
      ShmMessage message = reader.take(() -> false);
      if (message == null) {
        return "ended after " + i;
      }
      String problem = Payloads.check(message.payload(), i);
      reader.release();
      if (problem != null) {
        return problem;
      }
    }
    return "ok " + count;
  }
}
