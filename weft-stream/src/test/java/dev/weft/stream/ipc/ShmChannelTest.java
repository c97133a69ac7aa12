package dev.weft.stream.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.stream.OverflowPolicy;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shared-memory channels between this JVM and a second one, on real files under a temp dir. */
class ShmChannelTest {

  private static final int MB = 1 << 20;

  @TempDir Path dir;

  private ShmChannel create(int slots, long data, OverflowPolicy policy) {
    return ShmChannel.create(ShmFiles.newFile(dir, "test"), slots, data, policy);
  }

  @Test
  void messagesOfRandomSizesArriveInOrderAndIntactFromAnotherProcess() throws Exception {
    try (ShmChannel channel = create(16, 8L * MB, OverflowPolicy.BLOCK);
        JavaProcess writer =
            JavaProcess.start(
                ShmPeer.class, "write", channel.file().toString(), "3000", "" + 2 * MB, "7")) {
      ShmReader reader = channel.reader();
      assertThat(ShmPeer.read(reader, 3000)).isEqualTo("ok 3000");
      assertThat(reader.take(() -> false)).as("the end of the stream").isNull();
      assertThat(writer.process.waitFor()).isZero();
      assertThat(channel.slotsInUse()).isZero();
      assertThat(channel.published()).isEqualTo(3000);
    }
  }

  @Test
  void anotherProcessReadsWhatThisOneWritesUpTo16MiBAMessage() throws Exception {
    try (ShmChannel channel = create(8, ShmChannel.DEFAULT_DATA_SIZE, OverflowPolicy.BLOCK);
        JavaProcess reader =
            JavaProcess.start(ShmPeer.class, "read", channel.file().toString(), "400")) {
      ShmWriter writer = channel.writer();
      SplittableRandom random = new SplittableRandom(11);
      for (int i = 0; i < 400; i++) {
        int size = i % 50 == 0 ? 16 * MB : Payloads.size(random, MB);
        MemorySegment buffer = writer.loan(size, writer::readerGone);
        Payloads.fill(buffer, i, random);
        writer.publish(size, ShmLayout.KIND_BYTES);
      }
      writer.end();
      assertThat(reader.line()).isEqualTo("ok 400");
      assertThat(reader.process.waitFor()).isZero();
      assertThat(channel.slotsInUse()).isZero();
    }
  }

  @Test
  void aMessageOverThePayloadAreaIsRefusedNamingTheLimit() {
    try (ShmChannel channel = create(4, 16L * MB, OverflowPolicy.BLOCK)) {
      ShmWriter writer = channel.writer();
      assertThat(writer.loan(16 * MB, () -> false)).isNotNull();
      writer.publish(16 * MB, ShmLayout.KIND_BYTES);
      assertThatThrownBy(() -> writer.loan(16 * MB + 1, () -> false))
          .isInstanceOf(ShmException.class)
          .hasMessageContaining("a message of 16,777,217 bytes does not fit channel")
          .hasMessageContaining("largest message is 16,777,216 bytes")
          .hasMessageContaining("hint:");
    }
  }

  /*
   * Guard: STATE is stored only after the payload is written (ShmWriter.publish). Shown to fail
   * with the store moved into loan(): the half-written message was then delivered by take()
   * instead of the dead writer being reported.
   */
  @Test
  void aWriterKilledMidMessageDeliversEveryWholeMessageAndNotTheTornOne() throws Exception {
    try (ShmChannel channel = create(64, MB, OverflowPolicy.BLOCK);
        JavaProcess writer =
            JavaProcess.start(ShmPeer.class, "write-torn", channel.file().toString(), "20")) {
      assertThat(writer.line()).isEqualTo("mid-write");
      writer.kill();
      ShmReader reader = channel.reader();
      assertThat(ShmPeer.read(reader, 20)).isEqualTo("ok 20");
      assertThatThrownBy(() -> reader.take(() -> false))
          .isInstanceOf(ShmPeerGoneException.class)
          .hasMessageContaining("died before ending its stream")
          .hasMessageContaining("20 messages had been published");
      assertThat(channel.slotsInUse()).isZero();
    }
  }

  /*
   * Guard: a reader that attaches frees the message its dead predecessor held (ShmReader's
   * constructor). Shown to fail with that block removed: abandoned() stayed 0 and the dead
   * reader's slot stayed in use.
   */
  @Test
  void aReaderKilledMidStreamIsNoticedAndItsSlotIsFreedByTheNextReader() throws Exception {
    try (ShmChannel channel = create(8, MB, OverflowPolicy.BLOCK)) {
      ShmWriter writer = channel.writer();
      SplittableRandom random = new SplittableRandom(3);
      try (JavaProcess reader =
          JavaProcess.start(ShmPeer.class, "read-hold", channel.file().toString(), "5")) {
        for (int i = 0; i < 6; i++) {
          send(writer, i, random);
        }
        assertThat(reader.line()).isEqualTo("ok 5");
        assertThat(reader.line()).isEqualTo("holding");
        reader.kill();
      }
      // The channel fills up; a blocked writer notices that its reader is gone.
      int sent = 6;
      while (true) {
        MemorySegment buffer = writer.loan(1000, writer::readerGone);
        if (buffer == null) {
          break;
        }
        Payloads.fill(buffer, sent++, random);
        writer.publish(1000, ShmLayout.KIND_BYTES);
      }
      assertThat(writer.readerGone()).isTrue();
      assertThat(sent).isEqualTo(6 + 7); // 8 slots, one held by the dead reader
      assertThat(channel.slotsInUse()).isEqualTo(8);

      ShmReader next = channel.reader();
      assertThat(channel.abandoned()).isOne();
      assertThat(channel.slotsInUse()).isEqualTo(7);
      send(writer, sent++, random); // the freed slot takes a message again
      writer.end();
      List<Long> got = new ArrayList<>();
      for (ShmMessage m; (m = next.take(() -> false)) != null; ) {
        assertThat(Payloads.check(m.payload(), m.payload().get(ValueLayout.JAVA_LONG_UNALIGNED, 0)))
            .isNull();
        got.add(m.payload().get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
        next.release();
      }
      assertThat(got).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
      assertThat(channel.slotsInUse()).isZero();
    }
  }

  private static void send(ShmWriter writer, long sequence, SplittableRandom random) {
    send(writer, sequence, random, 1000);
  }

  @Test
  void dropNewestKeepsTheFirstMessagesAndCountsTheRest() {
    try (ShmChannel channel = create(4, 64 * 1024, OverflowPolicy.DROP_NEWEST)) {
      ShmWriter writer = channel.writer();
      ShmReader reader = channel.reader();
      int sent = 0;
      for (int i = 0; i < 10; i++) {
        sent += writer.send(new byte[] {(byte) i}, ShmLayout.KIND_BYTES, () -> false) ? 1 : 0;
      }
      writer.end();
      assertThat(sent).isEqualTo(4);
      assertThat(channel.dropped()).isEqualTo(6);
      assertThat(drain(reader)).containsExactly(0, 1, 2, 3);
    }
  }

  @Test
  void dropOldestKeepsTheLatestMessagesAndCountsEveryOtherExactlyOnce() {
    try (ShmChannel channel = create(4, 64 * 1024, OverflowPolicy.DROP_OLDEST)) {
      ShmWriter writer = channel.writer();
      ShmReader reader = channel.reader();
      for (int i = 0; i < 10; i++) {
        assertThat(writer.send(new byte[] {(byte) i}, ShmLayout.KIND_BYTES, () -> false)).isTrue();
      }
      writer.end();
      assertThat(drain(reader)).containsExactly(6, 7, 8, 9);
      assertThat(channel.dropped()).isEqualTo(6);
      assertThat(channel.slotsInUse()).isZero();
    }
  }

  @Test
  void dropOldestDoesNotDropPastTheMessageTheReaderHolds() {
    try (ShmChannel channel = create(4, 64 * 1024, OverflowPolicy.DROP_OLDEST)) {
      ShmWriter writer = channel.writer();
      ShmReader reader = channel.reader();
      for (int i = 0; i < 4; i++) {
        writer.send(new byte[] {(byte) i}, ShmLayout.KIND_BYTES, () -> false);
      }
      ShmMessage held = reader.take(() -> false);
      assertThat(held.payload().get(ValueLayout.JAVA_BYTE, 0)).isZero();
      // Full, and the oldest slot is the held one: dropping the others would free nothing.
      assertThat(writer.send(new byte[] {9}, ShmLayout.KIND_BYTES, () -> true)).isFalse();
      assertThat(channel.dropped()).isZero();
      assertThat(held.payload().get(ValueLayout.JAVA_BYTE, 0)).isZero();
      reader.release();
      assertThat(writer.send(new byte[] {9}, ShmLayout.KIND_BYTES, () -> false)).isTrue();
      writer.end();
      assertThat(drain(reader)).containsExactly(1, 2, 3, 9);
    }
  }

  @Test
  void blockWaitsForRoomAndGivesUpOnlyWhenStopped() {
    try (ShmChannel channel = create(2, 64 * 1024, OverflowPolicy.BLOCK)) {
      ShmWriter writer = channel.writer();
      ShmReader reader = channel.reader();
      assertThat(writer.send(new byte[10], ShmLayout.KIND_BYTES, () -> false)).isTrue();
      assertThat(writer.send(new byte[10], ShmLayout.KIND_BYTES, () -> false)).isTrue();
      int[] asked = {0};
      assertThat(writer.send(new byte[10], ShmLayout.KIND_BYTES, () -> ++asked[0] > 3)).isFalse();
      assertThat(channel.dropped()).isZero();
      reader.take(() -> false);
      reader.release();
      assertThat(writer.send(new byte[10], ShmLayout.KIND_BYTES, () -> false)).isTrue();
    }
  }

  @Test
  void payloadBytesWrapAroundTheAreaWithoutSplittingAMessage() {
    try (ShmChannel channel = create(4, 4096, OverflowPolicy.BLOCK)) {
      ShmWriter writer = channel.writer();
      ShmReader reader = channel.reader();
      SplittableRandom random = new SplittableRandom(5);
      for (int i = 0; i < 500; i++) {
        send(writer, i, random, 16 + random.nextInt(1500));
        send(writer, i, random, 16 + random.nextInt(1500)); // two held, so positions move
        for (int k = 0; k < 2; k++) {
          ShmMessage m = reader.take(() -> false);
          assertThat(Payloads.check(m.payload(), i)).isNull();
          reader.release();
        }
      }
      assertThat(channel.slotsInUse()).isZero();
    }
  }

  private static void send(ShmWriter writer, long sequence, SplittableRandom random, int size) {
    MemorySegment buffer = writer.loan(size, () -> false);
    Payloads.fill(buffer, sequence, random);
    writer.publish(size, ShmLayout.KIND_BYTES);
  }

  @Test
  void staleFilesOfDeadCreatorsAreReclaimedAndLiveOnesKept() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path stale = dir.resolve("weft-" + gone.pid() + "-1-edge.shm");
    Files.writeString(stale, "x");
    Path live = ShmFiles.newFile(dir, "edge");
    Files.writeString(live, "x");
    Path other = dir.resolve("notes.txt");
    Files.writeString(other, "x");
    assertThat(ShmFiles.reclaimStale(dir)).isOne();
    assertThat(stale).doesNotExist();
    assertThat(live).exists();
    assertThat(other).exists();
  }

  @Test
  void openingAFileThatIsNotAChannelSaysSo() throws IOException {
    Path file = dir.resolve("weft-1-1-x.shm");
    Files.write(file, new byte[4096]);
    assertThatThrownBy(() -> ShmChannel.open(file))
        .isInstanceOf(ShmException.class)
        .hasMessageContaining("is not a Weft channel (magic 0x0)");
    assertThatThrownBy(() -> ShmChannel.open(dir.resolve("missing.shm")))
        .isInstanceOf(ShmException.class)
        .hasMessageContaining("no channel file");
  }

  @Test
  void theCreatorDeletesItsFileOnClose() {
    ShmChannel channel = create(2, 4096, OverflowPolicy.BLOCK);
    assertThat(channel.file()).exists();
    channel.close();
    assertThat(channel.file()).doesNotExist();
  }

  private static List<Integer> drain(ShmReader reader) {
    List<Integer> got = new ArrayList<>();
    for (ShmMessage m; (m = reader.take(() -> false)) != null; ) {
      got.add((int) m.payload().get(ValueLayout.JAVA_BYTE, 0));
      reader.release();
    }
    return got;
  }
}
