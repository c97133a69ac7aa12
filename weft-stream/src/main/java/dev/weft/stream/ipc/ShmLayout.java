package dev.weft.stream.ipc;

/**
 * The binary layout of a shared-memory channel file, byte by byte. Every other class, in Java and
 * in the Python host ({@code python/weft/_layout.py}), reads and writes the file through these
 * offsets only. All numbers are in the machine's byte order (little-endian on x86-64 and AArch64),
 * and every field is aligned to its size.
 *
 * <h2>File</h2>
 *
 * <pre>
 *   offset               size              what
 *   0                    256               header (four 64-byte cache lines, below)
 *   256                  slots * 32        descriptor ring: one 32-byte descriptor per message slot
 *   dataOffset(slots)    dataSize          payload area, a ring of bytes; messages start 64-aligned
 * </pre>
 *
 * <h2>Header</h2>
 *
 * <pre>
 *   line 0, fixed once the creator has written it
 *   0    int   MAGIC        0x54464557, the bytes "WEFT"; written last by the creator
 *   4    int   VERSION      1
 *   8    int   SLOTS        descriptors in the ring, a power of two, at least 2
 *   12   int   POLICY       0 block, 1 drop-oldest, 2 drop-newest (what the writer does when full)
 *   16   long  DATA_SIZE    bytes in the payload area, a multiple of 4096; the largest message
 *   24   long  CREATOR_PID  the process that created the file (and deletes it)
 *   32   long  WRITER_PID   the process writing, set when it attaches (0 before)
 *   40   long  READER_PID   the process reading, set when it attaches (0 before)
 *   48..63     reserved, zero
 *
 *   line 1, written by the writer
 *   64   long  TAIL         messages published so far (the next message's sequence number)
 *   72   long  DROPPED      messages the policy dropped (drop-oldest, drop-newest)
 *   80   int   MESSAGE_BELL futex word the reader sleeps on; the writer adds 1 and wakes it
 *   84   int   WRITER_ENDED 1 once the writer has sent its last message
 *   88..127    reserved, zero
 *
 *   line 2, written by the reader
 *   128  long  HEAD         messages taken so far (the next message to take); the writer moves it
 *                           too, by compare-and-set, when it drops the oldest message
 *   136  long  ABANDONED    messages a reader had taken and died holding, freed by the next reader
 *   144  int   ROOM_BELL    futex word the writer sleeps on; the reader adds 1 and wakes it
 *   148  int   READER_CLOSED 1 once the reader has stopped reading
 *   152..191   reserved, zero
 *
 *   line 3, sleep flags (each side sets its own before sleeping, clears it after)
 *   192  int   READER_SLEEPING 1 while the reader may be asleep on MESSAGE_BELL
 *   196  int   WRITER_SLEEPING 1 while the writer may be asleep on ROOM_BELL
 *   200..255   reserved, zero
 * </pre>
 *
 * <h2>Descriptor of sequence number {@code s}, at {@code 256 + (s mod SLOTS) * 32}</h2>
 *
 * <pre>
 *   0    long  STATE   s: free for message s; s + 1: message s published; s + SLOTS: released
 *                      (which is "free for message s + SLOTS")
 *   8    long  OFFSET  where the payload starts, as a byte position that only grows; the bytes
 *                      are at dataOffset + (OFFSET mod DATA_SIZE), contiguous, never wrapping
 *   16   int   LENGTH  payload bytes
 *   20   int   KIND    what the bytes are: 0 bytes, 1 UTF-8 text, 2 JSON (UTF-8); 3 to 255 Weft's
 *                      codecs (3: an audio frame, laid out by weft-audio's AudioFrameCodec); 256
 *                      and above: user codecs (MessageCodec in Java, weft.codec in Python)
 *   24   long  reserved, zero
 * </pre>
 *
 * <h2>Protocol</h2>
 *
 * <ul>
 *   <li>Publishing: the writer checks that the descriptor of its next sequence {@code t} has STATE
 *       {@code t}, finds room in the payload area, writes the payload in place, writes OFFSET,
 *       LENGTH and KIND, then stores STATE = {@code t + 1} with release semantics, then TAIL. A
 *       payload is never visible before it is complete: a writer that dies mid-message leaves STATE
 *       at {@code t}, and the message is never delivered.
 *   <li>Taking: the reader loads STATE of HEAD's descriptor with acquire semantics; when it is
 *       {@code HEAD + 1} it advances HEAD (compare-and-set), reads the payload in place, and
 *       releases it by storing STATE = {@code s + SLOTS} with release semantics.
 *   <li>Room: the writer alone reclaims payload bytes, in sequence order: from its oldest
 *       unreclaimed message up to the first whose STATE is not yet released. Payload bytes thus
 *       free in the order they were written, even when messages are dropped.
 *   <li>Dropping the oldest: a writer that finds no room moves HEAD from {@code h} to {@code h + 1}
 *       by compare-and-set while message {@code h} is published and not taken, then releases it; a
 *       message is therefore either taken by the reader or counted in DROPPED, never both.
 *   <li>Sleeping: a side that has spun without progress reads its bell, sets its SLEEPING flag,
 *       checks its condition once more, and sleeps on the bell (Linux futex, shared, with a timeout
 *       so that a dead peer is noticed). The other side, after each change, checks the flag and,
 *       when set, adds 1 to the bell and wakes it. An idle channel costs no CPU but the timeout's
 *       wake-ups.
 *   <li>A reader that attaches after another died frees the message the dead one had taken and not
 *       released (at most one: a reader holds one message at a time), counting it in ABANDONED.
 * </ul>
 */
public final class ShmLayout {

  private ShmLayout() {}

  /** The bytes "WEFT" read as a little-endian int. */
  public static final int MAGIC_VALUE = 0x54464557;

  /** The layout version this code speaks. */
  public static final int VERSION_VALUE = 1;

  // Header, line 0.
  public static final long MAGIC = 0;
  public static final long VERSION = 4;
  public static final long SLOTS = 8;
  public static final long POLICY = 12;
  public static final long DATA_SIZE = 16;
  public static final long CREATOR_PID = 24;
  public static final long WRITER_PID = 32;
  public static final long READER_PID = 40;

  // Header, line 1 (writer).
  public static final long TAIL = 64;
  public static final long DROPPED = 72;
  public static final long MESSAGE_BELL = 80;
  public static final long WRITER_ENDED = 84;

  // Header, line 2 (reader).
  public static final long HEAD = 128;
  public static final long ABANDONED = 136;
  public static final long ROOM_BELL = 144;
  public static final long READER_CLOSED = 148;

  // Header, line 3.
  public static final long READER_SLEEPING = 192;
  public static final long WRITER_SLEEPING = 196;

  /** Bytes of the header. */
  public static final long HEADER_SIZE = 256;

  /** Bytes of one descriptor. */
  public static final long DESCRIPTOR_SIZE = 32;

  // Within a descriptor.
  public static final long D_STATE = 0;
  public static final long D_OFFSET = 8;
  public static final long D_LENGTH = 16;
  public static final long D_KIND = 20;

  /** Payloads start at multiples of this. */
  public static final long ALIGNMENT = 64;

  /** The payload area's size is a multiple of this (a page). */
  public static final long PAGE = 4096;

  // POLICY values.
  public static final int POLICY_BLOCK = 0;
  public static final int POLICY_DROP_OLDEST = 1;
  public static final int POLICY_DROP_NEWEST = 2;

  // KIND values.
  public static final int KIND_BYTES = 0;
  public static final int KIND_TEXT = 1;
  public static final int KIND_JSON = 2;

  /** The kind of weft-audio's audio frames ({@code dev.weft.audio.AudioFrameCodec}). */
  public static final int KIND_AUDIO_FRAME = 3;

  /** The first kind a user's codec may take. */
  public static final int FIRST_USER_KIND = 256;

  /** Where descriptor {@code index} (0 to slots - 1) starts. */
  public static long descriptor(long index) {
    return HEADER_SIZE + index * DESCRIPTOR_SIZE;
  }

  /** Where the payload area starts in a file with {@code slots} descriptors: page-aligned. */
  public static long dataOffset(int slots) {
    long end = HEADER_SIZE + slots * DESCRIPTOR_SIZE;
    return (end + PAGE - 1) / PAGE * PAGE;
  }

  /** The size of a file with {@code slots} descriptors and {@code dataSize} payload bytes. */
  public static long fileSize(int slots, long dataSize) {
    return dataOffset(slots) + dataSize;
  }
}
