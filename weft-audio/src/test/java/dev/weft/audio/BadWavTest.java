package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.stream.StreamResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files audio.wav-source cannot read fail the run with the file and what is wrong. */
class BadWavTest {

  @TempDir Path dir;
  private byte[] good;

  @BeforeEach
  void makeAGoodFile() throws Exception {
    Tools.sox(
        dir, "-n", "-r", "8000", "-c", "1", "-b", "16", "good.wav", "synth", "0.1", "sine", "440");
    good = Files.readAllBytes(dir.resolve("good.wav"));
    assertThat(new String(good, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
  }

  /** The run's error for reading {@code bytes} as bad.wav. */
  private String errorReading(byte[] bytes) throws Exception {
    Files.write(dir.resolve("bad.wav"), bytes);
    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: read, type: audio.wav-source, with: { path: bad.wav } }
              - { id: write, type: audio.wav-sink, after: [read], with: { path: out.wav } }
            """);
    assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
    assertThat(result.failedNode()).isEqualTo("read");
    assertThat(result.error()).startsWith(dir.resolve("bad.wav") + ": ");
    return result.error();
  }

  private byte[] withInt(byte[] bytes, int at, int value) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    return copy;
  }

  private byte[] withShort(byte[] bytes, int at, int value) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
    return copy;
  }

  @Test
  void aTextFileIsNotARiffFile() throws Exception {
    assertThat(errorReading("hello, world\n".getBytes(StandardCharsets.US_ASCII)))
        .contains("not a RIFF WAVE file (it starts with 'hell')");
  }

  @Test
  void aFileShorterThanTheRiffHeaderIsATruncatedHeader() throws Exception {
    assertThat(errorReading(Arrays.copyOf(good, 7)))
        .contains("truncated header: the file ends at byte 7, inside the RIFF header");
  }

  @Test
  void aFileCutInsideItsFmtChunkIsATruncatedHeader() throws Exception {
    assertThat(errorReading(Arrays.copyOf(good, 30)))
        .contains(
            "truncated header: chunk 'fmt ' at byte 12 says 16 bytes but the file ends at byte 30");
  }

  @Test
  void aFileCutInsideAChunkHeaderIsATruncatedHeader() throws Exception {
    assertThat(errorReading(Arrays.copyOf(good, 40)))
        .contains("truncated header: the file ends at byte 40, inside a chunk header");
  }

  @Test
  void aFileCutInsideItsSamplesIsNamed() throws Exception {
    assertThat(errorReading(Arrays.copyOf(good, good.length - 100)))
        .contains("the data chunk says 1600 bytes but only 1500 follow");
  }

  @Test
  void aRiffSizeBeyondTheFileIsAWrongChunkSize() throws Exception {
    assertThat(errorReading(withInt(good, 4, good.length)))
        .contains(
            "the RIFF header says " + (good.length + 8) + " bytes but the file has " + good.length);
  }

  @Test
  void aDataChunkLongerThanTheFileIsAWrongChunkSize() throws Exception {
    assertThat(errorReading(withInt(good, 40, 5000)))
        .contains("the data chunk says 5000 bytes but only 1600 follow");
  }

  @Test
  void aDataChunkOfPartSampleFramesIsNamed() throws Exception {
    assertThat(errorReading(withInt(good, 40, 1599)))
        .contains("not a whole number of 2-byte sample frames");
  }

  @Test
  void aBlockSizeThatDoesNotFitTheSamplesIsNamed() throws Exception {
    assertThat(errorReading(withShort(good, 32, 4)))
        .contains("the fmt chunk's block size is 4 bytes");
  }

  @Test
  void aLawIsAnUnsupportedCodec() throws Exception {
    Tools.sox(
        dir,
        "-n",
        "-r",
        "8000",
        "-c",
        "1",
        "-e",
        "a-law",
        "alaw.wav",
        "synth",
        "0.1",
        "sine",
        "440");
    assertThat(errorReading(Files.readAllBytes(dir.resolve("alaw.wav"))))
        .contains("unsupported codec A-law (format tag 0x6)")
        .contains("sox in.wav -e signed-integer");
  }

  @Test
  void mp3InWavIsAnUnsupportedCodec() throws Exception {
    assertThat(errorReading(withShort(good, 20, 0x55)))
        .contains("unsupported codec MP3 (format tag 0x55)");
  }

  @Test
  void eightBitPcmIsAnUnsupportedSampleSize() throws Exception {
    Tools.sox(
        dir, "-n", "-r", "8000", "-c", "1", "-b", "8", "u8.wav", "synth", "0.1", "sine", "440");
    assertThat(errorReading(Files.readAllBytes(dir.resolve("u8.wav"))))
        .contains("unsupported PCM sample size of 8 bits");
  }

  @Test
  void aMissingFileIsNamed() throws Exception {
    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: read, type: audio.wav-source, with: { path: none.wav } }
              - { id: write, type: audio.wav-sink, after: [read], with: { path: out.wav } }
            """);
    assertThat(result.error()).isEqualTo("no such file: " + dir.resolve("none.wav"));
  }
}
