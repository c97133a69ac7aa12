package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.stream.StreamResult;
import dev.weft.stream.StreamRun;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real audio made by sox and espeak-ng, through stream pipelines of the audio nodes, compared
 * sample for sample with what sox reads.
 */
class WavPipelineTest {

  @TempDir Path dir;

  private void assertSucceeded(StreamResult result) {
    assertThat(result.status()).as("%s", result.error()).isEqualTo(StreamResult.Status.SUCCEEDED);
  }

  @ParameterizedTest(name = "{0}-bit {1}, {2} channel(s), {3} Hz")
  @CsvSource({
    "16, signed-integer, 1, 16000, i16",
    "16, signed-integer, 2, 44100, i16",
    "24, signed-integer, 2, 48000, i24",
    "32, signed-integer, 2, 48000, i32",
    "32, floating-point, 3, 22050, f32",
  })
  void aWavFileReadAndWrittenBackHasTheSameSamples(
      int bits, String encoding, int channels, int rate, String format) throws Exception {
    Tools.sox(
        dir,
        "-n",
        "-r",
        "" + rate,
        "-c",
        "" + channels,
        "-b",
        "" + bits,
        "-e",
        encoding,
        "in.wav",
        "synth",
        "0.5",
        "sine",
        "440",
        "sine",
        "1000",
        "pinknoise",
        "gain",
        "-1");

    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: read, type: audio.wav-source, with: { path: in.wav, frame: 10ms } }
              - { id: write, type: audio.wav-sink, after: [read], with: { path: out.wav, format: %s } }
            """
                .formatted(format));

    assertSucceeded(result);
    assertThat(result.node("read").out()).isEqualTo(50);
    assertThat(Tools.raw(dir.resolve("out.wav"))).isEqualTo(Tools.raw(dir.resolve("in.wav")));
  }

  @Test
  void framesHoldTheSamplesSoxReads24BitAsTheTopOfI32() throws Exception {
    Tools.sox(
        dir, "-n", "-r", "48000", "-c", "2", "-b", "24", "tone.wav", "synth", "0.2", "sine", "440");
    byte[] sox = Tools.sox(dir, "tone.wav", "-t", "raw", "-e", "signed-integer", "-b", "32", "-");

    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    try (WavReader reader = WavReader.open(dir.resolve("tone.wav"))) {
      assertThat(reader.format().frameFormat()).isEqualTo(SampleFormat.I32);
      for (AudioFrame f = reader.next(960); f != null; f = reader.next(960)) {
        assertThat(f.channels()).isEqualTo(2);
        assertThat(f.sampleRate()).isEqualTo(48000);
        byte[] bytes = new byte[f.samples().remaining()];
        f.samples().get(bytes);
        frames.write(bytes);
      }
    }

    assertThat(frames.toByteArray()).isEqualTo(sox);
  }

  @ParameterizedTest(name = "i16 -> {0} -> i16")
  @CsvSource({"f32", "i32"})
  void speechThroughALosslessRoundTripIsBitExact(String via) throws Exception {
    Tools.run(dir, "espeak-ng", "-w", "hello.wav", "hello world, this is weft");

    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: read, type: audio.wav-source, with: { path: hello.wav, frame: 30ms } }
              - { id: wide, type: audio.format, after: [read], with: { format: %s } }
              - { id: narrow, type: audio.format, after: [wide], with: { format: i16, dither: tpdf } }
              - { id: write, type: audio.wav-sink, after: [narrow], with: { path: out/hello.wav } }
            """
                .formatted(via));

    assertSucceeded(result);
    assertThat(Tools.raw(dir.resolve("out/hello.wav")))
        .isEqualTo(Tools.raw(dir.resolve("hello.wav")));
  }

  @Test
  void planarFramesAreWrittenResampledAndJudgedAsTheirInterleavedSelves() throws Exception {
    Tools.sox(
        dir, "-n", "-r", "16000", "-c", "2", "-b", "16", "st.wav", "synth", "0.5", "sine", "300",
        "sine", "500");

    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: read, type: audio.wav-source, with: { path: st.wav } }
              - { id: planar, type: audio.format, after: [read], with: { layout: planar } }
              - { id: write, type: audio.wav-sink, after: [planar], with: { path: same.wav } }
              - { id: rate, type: audio.resample, after: [planar], with: { rate: 8000 } }
              - { id: plain, type: audio.resample, after: [read], with: { rate: 8000 } }
              - { id: write-rate, type: audio.wav-sink, after: [rate], with: { path: rate.wav } }
              - { id: write-plain, type: audio.wav-sink, after: [plain], with: { path: plain.wav } }
            """);

    assertSucceeded(result);
    assertThat(Tools.raw(dir.resolve("same.wav"))).isEqualTo(Tools.raw(dir.resolve("st.wav")));
    assertThat(Tools.raw(dir.resolve("rate.wav"))).isEqualTo(Tools.raw(dir.resolve("plain.wav")));
  }

  @Test
  void anUnknownLayoutIsNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            Stages.run(new FormatType(), java.util.Map.of("layout", "banded"), java.util.List.of()))
        .hasMessage("node node: layout must be interleaved or planar, not 'banded'");
  }

  @Test
  void aStereoFileMixedDownIsTheMeanOfItsChannels() throws Exception {
    Tools.sox(
        dir, "-n", "-r", "8000", "-c", "2", "-b", "16", "st.wav", "synth", "0.1", "sine", "300",
        "sine", "500");

    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: read, type: audio.wav-source, with: { path: st.wav } }
              - { id: mono, type: audio.format, after: [read], with: { channels: 1, format: f32 } }
              - { id: write, type: audio.wav-sink, after: [mono], with: { path: mono.wav } }
            """);

    assertSucceeded(result);
    ByteBuffer stereo =
        ByteBuffer.wrap(Tools.raw(dir.resolve("st.wav"))).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer mono =
        ByteBuffer.wrap(Tools.raw(dir.resolve("mono.wav"))).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(mono.remaining()).isEqualTo(stereo.remaining());
    for (int i = 0; i < mono.remaining() / 4; i++) {
      double mean = (stereo.getShort(i * 4) + stereo.getShort(i * 4 + 2)) / 2.0 / 32768.0;
      assertThat((double) mono.getFloat(i * 4)).isEqualTo(mean);
    }
  }

  @Test
  void aPacedSourceEmitsEveryFrame() throws Exception {
    Tools.sox(
        dir,
        "-n",
        "-r",
        "16000",
        "-c",
        "1",
        "-b",
        "16",
        "short.wav",
        "synth",
        "0.1",
        "sine",
        "440");

    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: mic, type: audio.wav-source, with: { path: short.wav, frame: 20ms, realtime: true } }
              - { id: write, type: audio.wav-sink, after: [mic], with: { path: out.wav } }
            """);

    assertSucceeded(result);
    assertThat(result.node("mic").out()).isEqualTo(5);
    assertThat(Tools.raw(dir.resolve("out.wav"))).isEqualTo(Tools.raw(dir.resolve("short.wav")));
  }

  @Test
  void aPacedSourceStopsWhenTheRunIsCancelled() throws Exception {
    Tools.sox(
        dir, "-n", "-r", "8000", "-c", "1", "-b", "16", "long.wav", "synth", "30", "sine", "440");
    StreamRun run =
        Tools.start(
            dir,
            """
              - { id: mic, type: audio.wav-source, with: { path: long.wav, frame: 20ms, realtime: true } }
              - { id: write, type: audio.wav-sink, after: [mic], with: { path: out.wav } }
            """);

    await()
        .until(() -> run.stats().stream().anyMatch(n -> n.nodeId().equals("write") && n.in() > 0));
    run.cancel();
    StreamResult result = run.await();

    assertThat(result.status()).isEqualTo(StreamResult.Status.CANCELLED);
    assertThat(result.node("mic").out()).isLessThan(1500);
    assertThat(Tools.raw(dir.resolve("out.wav"))).hasSize((int) result.node("write").in() * 320);
  }

  @Test
  void chunksTheReaderDoesNotKnowAreSkippedPaddingIncluded() throws Exception {
    Tools.sox(
        dir, "-n", "-r", "8000", "-c", "1", "-b", "16", "plain.wav", "synth", "0.1", "sine", "440");
    byte[] plain = Files.readAllBytes(dir.resolve("plain.wav"));
    byte[] odd = {'n', 'o', 't', 'e', 3, 0, 0, 0, 'a', 'b', 'c', 0};
    ByteBuffer withChunk =
        ByteBuffer.allocate(plain.length + odd.length).order(ByteOrder.LITTLE_ENDIAN);
    withChunk.put(plain, 0, 36).put(odd).put(plain, 36, plain.length - 36);
    withChunk.putInt(4, plain.length + odd.length - 8);
    Files.write(dir.resolve("noted.wav"), withChunk.array());

    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: read, type: audio.wav-source, with: { path: noted.wav } }
              - { id: write, type: audio.wav-sink, after: [read], with: { path: out.wav } }
            """);

    assertSucceeded(result);
    assertThat(Tools.raw(dir.resolve("out.wav"))).isEqualTo(Tools.raw(dir.resolve("plain.wav")));
  }

  @Test
  void aSinkGivenFramesOfAnotherRateNamesBoth() throws Exception {
    Tools.sox(
        dir, "-n", "-r", "8000", "-c", "1", "-b", "16", "a.wav", "synth", "0.1", "sine", "440");
    Tools.sox(
        dir, "-n", "-r", "16000", "-c", "1", "-b", "16", "b.wav", "synth", "0.1", "sine", "440");

    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: a, type: audio.wav-source, with: { path: a.wav } }
              - { id: b, type: audio.wav-source, with: { path: b.wav } }
              - { id: write, type: audio.wav-sink, after: [a, b], with: { path: out.wav } }
            """);

    assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
    assertThat(result.failedNode()).isEqualTo("write");
    assertThat(result.error())
        .containsPattern(
            "out.wav: frame \\d+ is (8000|16000) Hz mono; the file is (16000|8000) Hz mono")
        .contains("put an audio.format or a resampler before the sink");
  }

  @Test
  void aMono24BitFileOfOddLengthGetsItsPadByte() throws Exception {
    Tools.sox(
        dir,
        "-n",
        "-r",
        "8000",
        "-c",
        "1",
        "-b",
        "24",
        "odd.wav",
        "synth",
        "0.000375",
        "sine",
        "440");

    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: read, type: audio.wav-source, with: { path: odd.wav } }
              - { id: write, type: audio.wav-sink, after: [read], with: { path: out.wav, format: i24 } }
            """);

    assertSucceeded(result);
    byte[] samples = Tools.raw(dir.resolve("odd.wav"));
    assertThat(samples.length % 2).as("an odd number of bytes").isOne();
    assertThat(Files.size(dir.resolve("out.wav"))).isEqualTo(44 + samples.length + 1);
    assertThat(Tools.raw(dir.resolve("out.wav"))).isEqualTo(samples);
    try (WavReader again = WavReader.open(dir.resolve("out.wav"))) {
      assertThat(again.format().dataLength()).isEqualTo(samples.length);
    }
  }
}
