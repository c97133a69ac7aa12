package dev.weft.stream.ipc;

import static dev.weft.stream.ipc.ShmChannel.INT;
import static dev.weft.stream.ipc.ShmChannel.LONG;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.BooleanSupplier;

/**
 * The reading end of a {@link ShmChannel}: {@link #take} the next message, read it in place, {@link
 * #release()} it. One message is held at a time. Single-threaded: one reader thread per channel.
 */
public final class ShmReader implements AutoCloseable {

  private final ShmChannel channel;
  private final MemorySegment segment;
  private final int slots;
  private long held = -1;

  ShmReader(ShmChannel channel) {
    this.channel = channel;
    this.segment = channel.segment;
    this.slots = channel.slots;
    long head = channel.taken();
    if (head > 0 && channel.state(head - 1) == head) {
      // The previous reader took head - 1 and died before releasing it.
      LONG.setRelease(segment, channel.stateOffset(head - 1), head - 1 + slots);
      LONG.setRelease(segment, ShmLayout.ABANDONED, channel.abandoned() + 1);
      channel.ring(ShmLayout.ROOM_BELL, ShmLayout.WRITER_SLEEPING);
    }
  }

  /**
   * The next message, waiting for it; {@code null} at the end of the stream, or when {@code stop}
   * turned true while waiting.
   *
   * @throws ShmPeerGoneException when the writer's process died before ending the stream (the
   *     messages it had published are all delivered first)
   */
  public ShmMessage take(BooleanSupplier stop) {
    while (true) {
      ShmMessage message = poll();
      if (message != null) {
        return message;
      }
      if (channel.writerEnded()) {
        return poll(); // a message published just before the end, or the end
      }
      boolean ready =
          channel.await(
              () -> published() || channel.writerEnded(),
              ShmLayout.MESSAGE_BELL,
              ShmLayout.READER_SLEEPING,
              () -> stop.getAsBoolean() || channel.gone(ShmLayout.WRITER_PID));
      if (!ready) {
        if (stop.getAsBoolean()) {
          return null;
        }
        message = poll();
        if (message != null) {
          return message;
        }
        throw new ShmPeerGoneException(
            "the writer of channel "
                + channel.file().getFileName()
                + " (process "
                + segment.get(ValueLayout.JAVA_LONG, ShmLayout.WRITER_PID)
                + ") died before ending its stream; "
                + channel.published()
                + " messages had been published and were all delivered");
      }
    }
  }

  /** The next message if one is published now, else {@code null}; does not wait. */
  public ShmMessage poll() {
    if (held >= 0) {
      throw new IllegalStateException("release the message held before taking another");
    }
    long head = channel.taken();
    while (channel.state(head) == head + 1) {
      if (LONG.compareAndSet(segment, ShmLayout.HEAD, head, head + 1)) {
        held = head;
        long d = channel.descriptor(head);
        long offset = segment.get(ValueLayout.JAVA_LONG, d + ShmLayout.D_OFFSET);
        int length = segment.get(ValueLayout.JAVA_INT, d + ShmLayout.D_LENGTH);
        int kind = segment.get(ValueLayout.JAVA_INT, d + ShmLayout.D_KIND);
        MemorySegment payload =
            segment.asSlice(channel.dataOffset + offset % channel.dataSize, length).asReadOnly();
        return new ShmMessage(head, kind, payload);
      }
      head = channel.taken(); // the writer dropped it (drop-oldest): try the next one
    }
    return null;
  }

  /** Gives the held message's slot and bytes back to the writer. */
  public void release() {
    if (held < 0) {
      throw new IllegalStateException("no message held");
    }
    LONG.setRelease(segment, channel.stateOffset(held), held + slots);
    held = -1;
    channel.ring(ShmLayout.ROOM_BELL, ShmLayout.WRITER_SLEEPING);
  }

  /** Whether the writer has ended and every message was taken. */
  public boolean drained() {
    return channel.writerEnded() && !published();
  }

  private boolean published() {
    long head = channel.taken();
    return channel.state(head) == head + 1;
  }

  /** Stops reading: releases a held message and tells the writer no more will be taken. */
  @Override
  public void close() {
    if (held >= 0) {
      release();
    }
    INT.setRelease(segment, ShmLayout.READER_CLOSED, 1);
    channel.ring(ShmLayout.ROOM_BELL, ShmLayout.WRITER_SLEEPING);
  }
}
