package dev.weft.stream.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Test payloads that check themselves: bytes 0-7 hold the message's sequence number, 8-15 the
 * CRC-32 of the bytes from 16 on, which are random.
 */
final class Payloads {

  static final int HEADER = 16;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

  private Payloads() {}

  /** A size from 16 bytes to {@code max}, mostly small, sometimes large. */
  static int size(SplittableRandom random, int max) {
    int bits = random.nextInt(4, 32 - Integer.numberOfLeadingZeros(max));
    return Math.max(HEADER, Math.min(max, random.nextInt(1 << bits)));
  }

  static void fill(MemorySegment buffer, long sequence, SplittableRandom random) {
    long n = buffer.byteSize();
    for (long i = HEADER; i + 8 <= n; i += 8) {
      buffer.set(LONG, i, random.nextLong());
    }
    for (long i = HEADER + (n - HEADER) / 8 * 8; i < n; i++) {
      buffer.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
    }
    buffer.set(LONG, 0, sequence);
    buffer.set(LONG, 8, crc(buffer));
  }

  /** Null when the payload is intact and has number {@code expected}, else what is wrong. */
  static String check(MemorySegment payload, long expected) {
    if (payload.byteSize() < HEADER) {
      return "message " + expected + " is " + payload.byteSize() + " bytes long";
    }
    long sequence = payload.get(LONG, 0);
    if (sequence != expected) {
      return "expected message " + expected + ", got " + sequence;
    }
    if (payload.get(LONG, 8) != crc(payload)) {
      return "message " + expected + " of " + payload.byteSize() + " bytes is torn";
    }
    return null;
  }

  private static long crc(MemorySegment payload) {
    CRC32 crc = new CRC32();
    crc.update(payload.asSlice(HEADER).asByteBuffer());
    return crc.getValue();
  }
}
