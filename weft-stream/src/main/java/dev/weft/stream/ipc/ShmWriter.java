package dev.weft.stream.ipc;

import static dev.weft.stream.ipc.ShmChannel.INT;
import static dev.weft.stream.ipc.ShmChannel.LONG;

import dev.weft.stream.OverflowPolicy;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.BooleanSupplier;

/**
 * The writing end of a {@link ShmChannel}: {@link #loan} a buffer in the shared file, write the
 * message into it, {@link #publish} it. Single-threaded: one writer thread per channel.
 */
public final class ShmWriter {

  private final ShmChannel channel;
  private final MemorySegment segment;
  private final int slots;
  private final long dataSize;
  private long tail; // next sequence to publish
  private long oldest; // oldest message whose bytes are not yet reclaimed
  private long dataTail; // byte position after the last published message
  private long dataHead; // byte position of the oldest message not yet reclaimed
  private long loanStart = -1;
  private int loanSize;

  ShmWriter(ShmChannel channel) {
    this.channel = channel;
    this.segment = channel.segment;
    this.slots = channel.slots;
    this.dataSize = channel.dataSize;
    // A writer may attach to a channel another writer left: carry on after its last message.
    this.tail = channel.published();
    this.oldest = Math.max(0, tail - slots);
    if (tail > 0) {
      long last = channel.descriptor(tail - 1);
      dataTail =
          segment.get(ValueLayout.JAVA_LONG, last + ShmLayout.D_OFFSET)
              + align(segment.get(ValueLayout.JAVA_INT, last + ShmLayout.D_LENGTH));
    }
    reclaim();
  }

  /**
   * A buffer of {@code size} bytes in the shared file to write the next message into, waiting for
   * room under {@code block}; {@code null} when the policy dropped the message ({@code
   * drop-newest}) or when {@code stop} turned true while waiting.
   *
   * @throws ShmException when {@code size} is over the channel's largest message
   */
  public MemorySegment loan(int size, BooleanSupplier stop) {
    if (loanStart >= 0) {
      throw new IllegalStateException("publish the loaned buffer before loaning another");
    }
    if (size < 0 || size > dataSize) {
      throw new ShmException(
          String.format(
              "a message of %,d bytes does not fit channel %s, whose largest message is %,d bytes"
                  + " (hint: send it as several messages of at most that size)",
              size, channel.file().getFileName(), dataSize));
    }
    while (true) {
      long start = room(size);
      if (start >= 0) {
        loanStart = start;
        loanSize = size;
        return segment.asSlice(channel.dataOffset + start % dataSize, size);
      }
      OverflowPolicy policy = channel.policy;
      if (policy == OverflowPolicy.DROP_NEWEST) {
        LONG.setRelease(segment, ShmLayout.DROPPED, channel.dropped() + 1);
        return null;
      }
      if (policy == OverflowPolicy.DROP_OLDEST && dropOldest()) {
        continue;
      }
      boolean ready =
          channel.await(
              () -> room(size) >= 0 || dropOldestWouldHelp(),
              ShmLayout.ROOM_BELL,
              ShmLayout.WRITER_SLEEPING,
              stop);
      if (!ready) {
        return null;
      }
    }
  }

  /**
   * Publishes the loaned buffer's first {@code length} bytes as the next message.
   *
   * @param kind what the bytes are, a {@code ShmLayout.KIND_*} value
   */
  public void publish(int length, int kind) {
    if (loanStart < 0) {
      throw new IllegalStateException("nothing loaned to publish");
    }
    if (length < 0 || length > loanSize) {
      throw new IllegalArgumentException(
          "length " + length + " is outside the loaned " + loanSize + " bytes");
    }
    long d = channel.descriptor(tail);
    segment.set(ValueLayout.JAVA_LONG, d + ShmLayout.D_OFFSET, loanStart);
    segment.set(ValueLayout.JAVA_INT, d + ShmLayout.D_LENGTH, length);
    segment.set(ValueLayout.JAVA_INT, d + ShmLayout.D_KIND, kind);
    LONG.setRelease(segment, d + ShmLayout.D_STATE, tail + 1); // the message is visible from here
    tail++;
    LONG.setRelease(segment, ShmLayout.TAIL, tail);
    dataTail = loanStart + align(length);
    loanStart = -1;
    channel.ring(ShmLayout.MESSAGE_BELL, ShmLayout.READER_SLEEPING);
  }

  /**
   * Sends {@code bytes} as one message (a copy into the shared file): true when sent, false when
   * dropped by the policy or stopped.
   */
  public boolean send(byte[] bytes, int kind, BooleanSupplier stop) {
    MemorySegment buffer = loan(bytes.length, stop);
    if (buffer == null) {
      return false;
    }
    MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, 0, bytes.length);
    publish(bytes.length, kind);
    return true;
  }

  /** Sends the end of the stream: the reader takes what is left, then sees the end. */
  public void end() {
    INT.setRelease(segment, ShmLayout.WRITER_ENDED, 1);
    channel.ring(ShmLayout.MESSAGE_BELL, ShmLayout.READER_SLEEPING);
  }

  /** Whether the reader is gone: its process died, or it closed its end. */
  public boolean readerGone() {
    return (int) INT.getAcquire(segment, ShmLayout.READER_CLOSED) != 0
        || channel.gone(ShmLayout.READER_PID);
  }

  /** Where a message of {@code size} bytes can start now, or -1 when there is no room. */
  private long room(int size) {
    reclaim();
    if (channel.state(tail) != tail) {
      return -1; // the slot still holds message tail - slots
    }
    // The slot may have come free after the reclaim above read the oldest message's state: reclaim
    // again, or the oldest would be left behind once the slot is used for the next message.
    reclaim();
    long need = align(size);
    long phys = dataTail % dataSize;
    long start = phys + need > dataSize ? dataTail + (dataSize - phys) : dataTail;
    return start + need - dataHead <= dataSize ? start : -1;
  }

  /** Frees, in sequence order, the bytes of messages that were released. */
  private void reclaim() {
    while (oldest < tail && channel.state(oldest) == oldest + slots) {
      oldest++;
    }
    if (oldest == tail) {
      // Nothing held: start the next message at the beginning of the area, where it fits whole.
      dataTail = (dataTail + dataSize - 1) / dataSize * dataSize;
      dataHead = dataTail;
    } else {
      dataHead =
          segment.get(ValueLayout.JAVA_LONG, channel.descriptor(oldest) + ShmLayout.D_OFFSET);
    }
  }

  /**
   * Dropping helps only when the oldest held message is still untaken: bytes free in order, so
   * while the reader holds the oldest, dropping later ones frees nothing.
   */
  private boolean dropOldestWouldHelp() {
    if (channel.policy != OverflowPolicy.DROP_OLDEST) {
      return false;
    }
    long head = channel.taken();
    return head == oldest && head < tail && channel.state(head) == head + 1;
  }

  private boolean dropOldest() {
    if (!dropOldestWouldHelp()) {
      return false;
    }
    long head = oldest;
    if (LONG.compareAndSet(segment, ShmLayout.HEAD, head, head + 1)) {
      LONG.setRelease(segment, channel.stateOffset(head), head + slots);
      LONG.setRelease(segment, ShmLayout.DROPPED, channel.dropped() + 1);
    }
    return true; // either dropped, or the reader took it meanwhile: look again
  }

  private static long align(long size) {
    return (size + ShmLayout.ALIGNMENT - 1) / ShmLayout.ALIGNMENT * ShmLayout.ALIGNMENT;
  }
}
