package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.stream.StreamResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 48 kHz speech made by espeak-ng at known times, through audio.resample, audio.vad,
 * audio.segmenter and audio.segment-writer: one WAV file per sentence, and an index whose times
 * match the sentences' and whose files sox reads as the index says.
 */
class SegmentPipelineTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private List<JsonNode> segments(String input) throws Exception {
    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: read, type: audio.wav-source, with: { path: %s, frame: 20ms } }
              - { id: rate, type: audio.resample, after: [read], with: { rate: 16000 } }
              - { id: vad, type: audio.vad, after: [rate] }
              - { id: utterances, type: audio.segmenter, after: [vad] }
              - { id: write, type: audio.segment-writer, after: [utterances], with: { dir: out } }
            """
                .formatted(input));
    assertThat(result.status()).as("%s", result.error()).isEqualTo(StreamResult.Status.SUCCEEDED);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("out/index.jsonl"))) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  @ParameterizedTest(name = "SNR {0} dB")
  @CsvSource({",", "10,"})
  void eachSentenceBecomesOneUtteranceAtItsTime(Integer snr) throws Exception {
    Speech.Recording speech = Speech.make(dir, "speech", 48000, snr, 8);

    List<JsonNode> index = segments("speech.wav");

    assertThat(index).hasSameSizeAs(speech.spans());
    for (int i = 0; i < index.size(); i++) {
      JsonNode line = index.get(i);
      Speech.Span truth = speech.spans().get(i);
      assertThat(line.get("index").asInt()).isEqualTo(i + 1);
      assertThat(line.get("file").asText()).isEqualTo("utterance-%04d.wav".formatted(i + 1));
      // The start within two frames; the end no earlier, and at most the hangover (150 ms) and
      // three frames later.
      assertThat(line.get("start").asDouble())
          .isBetween(truth.start() - 0.07, truth.start() + 0.07);
      assertThat(line.get("end").asDouble()).isBetween(truth.end() - 0.07, truth.end() + 0.25);
      assertThat(line.get("duration").asDouble())
          .isCloseTo(
              line.get("end").asDouble() - line.get("start").asDouble(),
              org.assertj.core.data.Offset.offset(0.0015));
      assertThat(line.get("audio_start").asDouble())
          .isCloseTo(
              line.get("start").asDouble() - 0.3, org.assertj.core.data.Offset.offset(0.0015));
      assertThat(line.get("cut").asBoolean()).isFalse();
    }
  }

  @Test
  void theFilesHoldTheUtterancesAudioAtTheLevelTheIndexSays() throws Exception {
    Speech.make(dir, "speech", 48000, null, 3);

    List<JsonNode> index = segments("speech.wav");

    assertThat(index).hasSize(3);
    for (JsonNode line : index) {
      Path wav = dir.resolve("out").resolve(line.get("file").asText());
      String info = new String(Tools.run(dir, "soxi", wav.toString()));
      assertThat(info).contains("Sample Rate    : 16000").contains("Channels       : 1");
      double seconds =
          Double.parseDouble(new String(Tools.run(dir, "soxi", "-D", wav.toString())).trim());
      assertThat(seconds)
          .isCloseTo(
              line.get("end").asDouble() - line.get("audio_start").asDouble(),
              org.assertj.core.data.Offset.offset(0.002));
      String stats = new String(Tools.run(dir, "sh", "-c", "sox '" + wav + "' -n stats 2>&1"));
      double soxLevel =
          stats
              .lines()
              .filter(l -> l.startsWith("RMS lev dB"))
              .mapToDouble(l -> Double.parseDouble(l.trim().split("\\s+")[3]))
              .findFirst()
              .orElseThrow();
      assertThat(line.get("level").asDouble())
          .isCloseTo(soxLevel, org.assertj.core.data.Offset.offset(0.1));
    }
  }

  @Test
  void theFilesAreWrittenInTheAskedFormatAndASecondRunReplacesTheIndex() throws Exception {
    Speech.make(dir, "speech", 16000, null, 2);
    String nodes =
        """
          - { id: read, type: audio.wav-source, with: { path: speech.wav } }
          - { id: vad, type: audio.vad, after: [read] }
          - { id: utterances, type: audio.segmenter, after: [vad] }
          - { id: write, type: audio.segment-writer, after: [utterances], with: { dir: out, format: f32 } }
        """;

    Tools.stream(dir, nodes);
    StreamResult again = Tools.stream(dir, nodes);

    assertThat(again.status()).isEqualTo(StreamResult.Status.SUCCEEDED);
    assertThat(Files.readAllLines(dir.resolve("out/index.jsonl"))).hasSize(2);
    String info = new String(Tools.run(dir, "soxi", "out/utterance-0001.wav"));
    assertThat(info).contains("32-bit Floating Point PCM");
  }

  @Test
  void anUnknownFileFormatIsNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            new SegmentWriterType()
                .create(
                    dev.weft.core.Node.builder("write", "audio.segment-writer")
                        .with(java.util.Map.of("dir", "out", "format", "mp3"))
                        .build()))
        .hasMessage("node write: format must be i16, i24, i32 or f32, not 'mp3'");
  }

  @Test
  void theLevelOfDigitalSilenceIsMinus120AndOfAFullScaleSquareWave0() {
    AudioFrame silence =
        AudioFrame.of(16000, 1, SampleFormat.I16, new double[160], java.time.Duration.ZERO, 0);
    double[] square = new double[160];
    for (int i = 0; i < square.length; i++) {
      square[i] = i % 2 == 0 ? 1 : -1;
    }
    AudioFrame loud = AudioFrame.of(16000, 1, SampleFormat.F32, square, java.time.Duration.ZERO, 0);

    assertThat(SegmentIndex.level(silence)).isEqualTo(-120);
    assertThat(SegmentIndex.level(loud)).isEqualTo(0);
  }

  @Test
  void aRunWithoutSpeechWritesAnEmptyIndex() throws Exception {
    Tools.sox(dir, "-n", "-r", "48000", "-b", "16", "silence.wav", "trim", "0", "2");

    assertThat(segments("silence.wav")).isEmpty();
    assertThat(Files.list(dir.resolve("out")).map(p -> p.getFileName().toString()))
        .containsExactly("index.jsonl");
  }

  @Test
  void framesThatAreNotUtterancesFailTheWriterWithAHint() throws Exception {
    Tools.sox(dir, "-n", "-r", "16000", "-b", "16", "tone.wav", "synth", "0.1", "sine", "440");

    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: read, type: audio.wav-source, with: { path: tone.wav } }
              - { id: write, type: audio.segment-writer, after: [read], with: { dir: out } }
            """);

    assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
    assertThat(result.error())
        .contains(
            "node write: takes the utterances of audio.segmenter, not AudioFrame; put"
                + " audio.segmenter before it");
  }
}
