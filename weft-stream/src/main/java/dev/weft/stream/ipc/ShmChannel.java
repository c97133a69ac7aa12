package dev.weft.stream.ipc;

import static dev.weft.stream.ipc.ShmLayout.D_STATE;

import dev.weft.stream.OverflowPolicy;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;

/**
 * One shared-memory channel: a file laid out as {@link ShmLayout} says, mapped into this process.
 * One process attaches its {@link #writer()}, another (or the same) its {@link #reader()}. The
 * process that {@link #create created} the file deletes it on {@link #close()}.
 *
 * <pre>{@code
 * try (ShmChannel channel = ShmChannel.create(ShmFiles.newFile("frames"), 64, 32 << 20,
 *     OverflowPolicy.BLOCK)) {
 *   // hand channel.file() to the other process, which calls ShmChannel.open(file).reader()
 *   ShmWriter out = channel.writer();
 *   MemorySegment buffer = out.loan(1024, () -> false);
 *   buffer.fill((byte) 1);
 *   out.publish(1024, ShmLayout.KIND_BYTES);
 *   out.end();
 * }
 * }</pre>
 */
public final class ShmChannel implements AutoCloseable {

  /** The largest payload area a channel may have: 1 GiB. */
  public static final long MAX_DATA_SIZE = 1L << 30;

  /** Payload bytes of a channel when not told otherwise: two 16 MiB messages fit. */
  public static final long DEFAULT_DATA_SIZE = 32L << 20;

  /** Message slots of a channel when not told otherwise. */
  public static final int DEFAULT_SLOTS = 64;

  static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
  static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

  private static final int SPINS = 200;
  private static final int YIELDS = 2;

  /** A sleeper wakes at least this often to see whether its peer is still there. */
  private static final long SLEEP_NANOS = 50_000_000;

  private final Path file;
  private final Arena arena;
  final MemorySegment segment;
  final int slots;
  final long dataSize;
  final long dataOffset;
  final OverflowPolicy policy;
  private final boolean owner;

  private ShmChannel(Path file, Arena arena, MemorySegment segment, boolean owner) {
    this.file = file;
    this.arena = arena;
    this.segment = segment;
    this.owner = owner;
    this.slots = segment.get(ValueLayout.JAVA_INT, ShmLayout.SLOTS);
    this.dataSize = segment.get(ValueLayout.JAVA_LONG, ShmLayout.DATA_SIZE);
    this.dataOffset = ShmLayout.dataOffset(slots);
    this.policy = policyOf(segment.get(ValueLayout.JAVA_INT, ShmLayout.POLICY));
  }

  /**
   * Creates the file {@code file} (which must not exist) as a channel of {@code slots} messages and
   * {@code dataSize} payload bytes; the largest message is {@code dataSize} bytes.
   *
   * @throws ShmException when the sizes are out of range or the file cannot be made
   */
  public static ShmChannel create(Path file, int slots, long dataSize, OverflowPolicy policy) {
    if (slots < 2 || Integer.bitCount(slots) != 1 || slots > (1 << 20)) {
      throw new ShmException(
          "channel "
              + file.getFileName()
              + ": slots must be a power of two from 2 to 1,048,576, got "
              + slots);
    }
    if (dataSize < ShmLayout.PAGE || dataSize > MAX_DATA_SIZE || dataSize % ShmLayout.PAGE != 0) {
      throw new ShmException(
          "channel "
              + file.getFileName()
              + ": the payload area must be a multiple of 4,096 bytes from 4 KiB to 1 GiB, got "
              + dataSize);
    }
    Arena arena = Arena.ofShared();
    MemorySegment segment;
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      segment =
          channel.map(
              FileChannel.MapMode.READ_WRITE, 0, ShmLayout.fileSize(slots, dataSize), arena);
    } catch (IOException e) {
      arena.close();
      throw new ShmException("cannot create the channel file " + file + ": " + e, e);
    }
    segment.set(ValueLayout.JAVA_INT, ShmLayout.VERSION, ShmLayout.VERSION_VALUE);
    segment.set(ValueLayout.JAVA_INT, ShmLayout.SLOTS, slots);
    segment.set(ValueLayout.JAVA_INT, ShmLayout.POLICY, policyValue(policy));
    segment.set(ValueLayout.JAVA_LONG, ShmLayout.DATA_SIZE, dataSize);
    segment.set(ValueLayout.JAVA_LONG, ShmLayout.CREATOR_PID, ProcessHandle.current().pid());
    for (long i = 0; i < slots; i++) {
      segment.set(ValueLayout.JAVA_LONG, ShmLayout.descriptor(i) + D_STATE, i);
    }
    INT.setRelease(segment, ShmLayout.MAGIC, ShmLayout.MAGIC_VALUE);
    Cleanup.file(file);
    return new ShmChannel(file, arena, segment, true);
  }

  /**
   * Opens a channel another process created.
   *
   * @throws ShmException naming the file when it is missing or is not a channel of this version
   */
  public static ShmChannel open(Path file) {
    Arena arena = Arena.ofShared();
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      if (size < ShmLayout.HEADER_SIZE) {
        throw new ShmException(
            file + " is not a Weft channel: " + size + " bytes, shorter than its header");
      }
      MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
      int magic = (int) INT.getAcquire(segment, ShmLayout.MAGIC);
      if (magic != ShmLayout.MAGIC_VALUE) {
        throw new ShmException(
            file + " is not a Weft channel (magic 0x" + Integer.toHexString(magic) + ")");
      }
      int version = segment.get(ValueLayout.JAVA_INT, ShmLayout.VERSION);
      if (version != ShmLayout.VERSION_VALUE) {
        throw new ShmException(
            file
                + " is a channel of layout version "
                + version
                + "; this Weft speaks version "
                + ShmLayout.VERSION_VALUE
                + " (hint: run both sides from the same Weft release)");
      }
      int slots = segment.get(ValueLayout.JAVA_INT, ShmLayout.SLOTS);
      long dataSize = segment.get(ValueLayout.JAVA_LONG, ShmLayout.DATA_SIZE);
      if (slots < 2
          || Integer.bitCount(slots) != 1
          || ShmLayout.fileSize(slots, dataSize) != size) {
        throw new ShmException(
            file + " is a damaged channel: " + slots + " slots and " + dataSize + " bytes");
      }
      return new ShmChannel(file, arena, segment, false);
    } catch (NoSuchFileException e) {
      arena.close();
      throw new ShmException("no channel file " + file + " (was its creator stopped?)", e);
    } catch (IOException e) {
      arena.close();
      throw new ShmException("cannot open the channel file " + file + ": " + e, e);
    } catch (ShmException e) {
      arena.close();
      throw e;
    }
  }

  /** Attaches this process as the writer. */
  public ShmWriter writer() {
    LONG.setRelease(segment, ShmLayout.WRITER_PID, ProcessHandle.current().pid());
    return new ShmWriter(this);
  }

  /**
   * Attaches this process as the reader; a message a previous reader took and never released (it
   * died holding it) is freed and counted in {@link #abandoned()}.
   */
  public ShmReader reader() {
    LONG.setRelease(segment, ShmLayout.READER_PID, ProcessHandle.current().pid());
    INT.setRelease(segment, ShmLayout.READER_CLOSED, 0);
    return new ShmReader(this);
  }

  /** The channel's file. */
  public Path file() {
    return file;
  }

  /** The largest message: the size of the payload area. */
  public long maxMessage() {
    return dataSize;
  }

  /** Message slots. */
  public int slots() {
    return slots;
  }

  /** What the writer does when the channel is full. */
  public OverflowPolicy policy() {
    return policy;
  }

  /** Messages published so far. */
  public long published() {
    return (long) LONG.getAcquire(segment, ShmLayout.TAIL);
  }

  /** Messages taken by the reader (or dropped by drop-oldest) so far. */
  public long taken() {
    return (long) LONG.getAcquire(segment, ShmLayout.HEAD);
  }

  /** Messages the policy dropped so far. */
  public long dropped() {
    return (long) LONG.getAcquire(segment, ShmLayout.DROPPED);
  }

  /** Messages a dead reader had taken and not released, freed when the next reader attached. */
  public long abandoned() {
    return (long) LONG.getAcquire(segment, ShmLayout.ABANDONED);
  }

  /** Slots holding a message now: published and not yet released (taken or not). */
  public int slotsInUse() {
    long tail = published();
    int used = 0;
    for (long s = Math.max(0, tail - slots); s < tail; s++) {
      if (state(s) != s + slots) {
        used++;
      }
    }
    return used;
  }

  /** Whether the writer has sent its last message. */
  public boolean writerEnded() {
    return (int) INT.getAcquire(segment, ShmLayout.WRITER_ENDED) != 0;
  }

  long state(long sequence) {
    return (long) LONG.getAcquire(segment, stateOffset(sequence));
  }

  long stateOffset(long sequence) {
    return ShmLayout.descriptor(sequence & (slots - 1)) + D_STATE;
  }

  long descriptor(long sequence) {
    return ShmLayout.descriptor(sequence & (slots - 1));
  }

  /** Whether the process whose pid is stored at {@code pidOffset} is gone (false before it set). */
  boolean gone(long pidOffset) {
    long pid = (long) LONG.getAcquire(segment, pidOffset);
    return pid != 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * Waits until {@code ready} holds, spinning briefly, then sleeping on the futex word at {@code
   * bell} with the flag at {@code sleeping} raised; false when {@code stop} held first.
   */
  boolean await(BooleanSupplier ready, long bell, long sleeping, BooleanSupplier stop) {
    for (int i = 0; i < SPINS; i++) {
      if (ready.getAsBoolean()) {
        return true;
      }
      Thread.onSpinWait();
    }
    for (int i = 0; i < YIELDS; i++) {
      if (ready.getAsBoolean()) {
        return true;
      }
      Thread.yield();
    }
    while (true) {
      int seen = (int) INT.getVolatile(segment, bell);
      INT.setVolatile(segment, sleeping, 1);
      try {
        if (ready.getAsBoolean()) {
          return true;
        }
        if (stop.getAsBoolean()) {
          return false;
        }
        Futex.await(segment, bell, seen, SLEEP_NANOS);
      } finally {
        INT.setVolatile(segment, sleeping, 0);
      }
    }
  }

  /** Wakes the other side if it sleeps on {@code bell}. */
  void ring(long bell, long sleeping) {
    VarHandle.fullFence(); // the change just made is visible before the flag is read
    if ((int) INT.getVolatile(segment, sleeping) != 0) {
      INT.getAndAdd(segment, bell, 1);
      Futex.wake(segment, bell);
    }
  }

  /** Unmaps the file; the creator also deletes it. Neither side may be used afterwards. */
  @Override
  public void close() {
    arena.close();
    if (owner) {
      try {
        Files.deleteIfExists(file);
        Cleanup.fileGone(file);
      } catch (IOException e) {
        throw new ShmException("cannot delete the channel file " + file + ": " + e, e);
      }
    }
  }

  private static int policyValue(OverflowPolicy policy) {
    return switch (policy) {
      case BLOCK -> ShmLayout.POLICY_BLOCK;
      case DROP_OLDEST -> ShmLayout.POLICY_DROP_OLDEST;
      case DROP_NEWEST -> ShmLayout.POLICY_DROP_NEWEST;
    };
  }

  private static OverflowPolicy policyOf(int value) {
    return switch (value) {
      case ShmLayout.POLICY_DROP_OLDEST -> OverflowPolicy.DROP_OLDEST;
      case ShmLayout.POLICY_DROP_NEWEST -> OverflowPolicy.DROP_NEWEST;
      default -> OverflowPolicy.BLOCK;
    };
  }
}
