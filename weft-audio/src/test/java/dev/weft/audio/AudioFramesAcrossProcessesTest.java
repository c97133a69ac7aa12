package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audio frames crossing to a node in another process by {@link AudioFrameCodec}: to a Java node
 * host and to a Python node, which reads the samples in place in the shared file.
 */
class AudioFramesAcrossProcessesTest {

  private static final int RATE = 16_000;
  private static final int FRAMES = RATE / 2; // 0.5 s, stereo

  @TempDir Path dir;

  @BeforeEach
  void input() throws Exception {
    ByteBuffer pcm = ByteBuffer.allocate(FRAMES * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < FRAMES; i++) {
      pcm.putShort((short) (i % 2000 - 1000)); // left: a saw
      pcm.putShort((short) (-(i % 500))); // right: another
    }
    AudioFormat format = new AudioFormat(RATE, 16, 2, true, false);
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, FRAMES)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, dir.resolve("in.wav").toFile());
    }
  }

  private static short[] samples(Path wav) throws Exception {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
      ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      short[] out = new short[bytes.remaining() / 2];
      bytes.asShortBuffer().get(out);
      return out;
    }
  }

  private void succeeds(String nodes) throws Exception {
    StreamResult result = Tools.stream(dir, nodes);
    assertThat(result.status()).as("%s", result.error()).isEqualTo(StreamResult.Status.SUCCEEDED);
  }

  @Test
  void framesThroughAJavaNodeInAnotherProcessComeOutAsInProcess() throws Exception {
    String pipeline =
        """
          - { id: read, type: audio.wav-source, with: { path: in.wav, frame: 20ms } }
          - { id: mono, type: audio.format, after: [read], with: { channels: 1 }ISOLATION }
          - { id: write, type: audio.wav-sink, after: [mono], with: { path: OUT } }
        """;
    succeeds(pipeline.replace("ISOLATION", "").replace("OUT", "threads.wav"));
    succeeds(pipeline.replace("ISOLATION", ", isolation: process").replace("OUT", "process.wav"));

    short[] threads = samples(dir.resolve("threads.wav"));
    assertThat(threads).hasSize(FRAMES);
    assertThat(samples(dir.resolve("process.wav"))).isEqualTo(threads);
  }

  @Test
  void aPythonNodeReadsTheSamplesInPlaceAndSendsFramesBack() throws Exception {
    assumeTrue(python("import numpy"), "python3 with numpy is needed: test skipped");
    Files.writeString(
        dir.resolve("gain.py"),
        """
        import mmap
        import numpy
        import weft

        def process(frame):
            assert isinstance(frame, weft.AudioFrame), type(frame)
            assert (frame.sample_rate, frame.channels, frame.format) == (16000, 2, "i16")
            assert isinstance(frame.samples.obj, mmap.mmap), "the samples are not in place"
            view = frame.array()
            assert view.shape == (len(frame), 2) and not view.flags.writeable
            shared_file = numpy.frombuffer(frame.samples.obj, dtype=numpy.uint8)
            assert numpy.shares_memory(view, shared_file), "numpy copied the samples"
            doubled = (view * 2).astype("<i2")
            return weft.AudioFrame(frame.sample_rate, 2, "i16", doubled,
                                   frame.timestamp, frame.sequence)
        """);

    succeeds(
        """
          - { id: read, type: audio.wav-source, with: { path: in.wav, frame: 20ms } }
          - { id: gain, type: python, after: [read], with: { script: gain.py } }
          - { id: write, type: audio.wav-sink, after: [gain], with: { path: out.wav } }
        """);

    short[] in = samples(dir.resolve("in.wav"));
    short[] out = samples(dir.resolve("out.wav"));
    assertThat(out).hasSameSizeAs(in);
    for (int i = 0; i < in.length; i++) {
      assertThat(out[i]).as("sample %d", i).isEqualTo((short) (in[i] * 2));
    }
  }

  private static boolean python(String code) throws InterruptedException {
    try {
      return new ProcessBuilder("python3", "-c", code).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
