package dev.weft.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.Problem;
import dev.weft.stream.StreamResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code audio.vad} with {@code engine: silero}: the Silero VAD v5 model from npm, run by ONNX
 * Runtime, on speech made by espeak-ng at known times; and the model file checked at validation.
 */
class SileroVadTest {

  @TempDir Path dir;

  private static Map<String, Object> silero(Path model, String frame) {
    return Map.of("engine", "silero", "model", model.toString(), "frame", frame);
  }

  @ParameterizedTest(name = "SNR {0} dB: F1 at least {1}")
  @CsvSource({",0.95", "10,0.94", "0,0.93"})
  void findsSpeechCleanAndInPinkNoise(Integer snr, double f1) throws Exception {
    Path model = SileroModel.file();
    Speech.Recording speech = Speech.make(dir, "speech", 16000, snr, 8);

    Stages.Outcome<VadFrame> outcome =
        Stages.run(new VadType(), silero(model, "30ms"), Stages.read(speech.wav(), 320));

    assertThat(outcome.rejected()).isEmpty();
    Speech.Score score = Speech.Score.of(outcome.out(), speech.spans());
    assertThat(score.f1()).as("%s", score).isGreaterThanOrEqualTo(f1);
  }

  @ParameterizedTest(name = "{0} Hz, {1} frames")
  @CsvSource({"8000, 10ms", "8000, 30ms", "16000, 10ms", "16000, 20ms"})
  void worksAtEightAndSixteenKilohertzWithEveryFrame(int rate, String frame) throws Exception {
    Path model = SileroModel.file();
    Speech.Recording speech = Speech.make(dir, "speech", rate, null, 3);

    Stages.Outcome<VadFrame> outcome =
        Stages.run(new VadType(), silero(model, frame), Stages.read(speech.wav(), rate / 50));

    assertThat(outcome.rejected()).isEmpty();
    assertThat(outcome.out().getFirst().audio().duration().toMillis())
        .isEqualTo(Long.parseLong(frame.replace("ms", "")));
    Speech.Score score = Speech.Score.of(outcome.out(), speech.spans());
    assertThat(score.f1()).as("%s", score).isGreaterThanOrEqualTo(0.94);
  }

  @Test
  void aRateTheModelDoesNotTakeIsRejectedWithAHint() throws Exception {
    Path model = SileroModel.file();
    AudioFrame frame =
        AudioFrame.of(48000, 1, SampleFormat.I16, new double[1440], java.time.Duration.ZERO, 0);

    Stages.Outcome<VadFrame> outcome =
        Stages.run(new VadType(), silero(model, "30ms"), List.of(frame));

    assertThat(outcome.rejected())
        .containsExactly(
            "node node: the silero VAD works at 8000 or 16000 Hz, not 48000 Hz; put"
                + " audio.resample (e.g. rate: 16000) before it");
  }

  @Test
  void aFileThatIsNotAModelFailsTheRunNamingIt() throws Exception {
    Files.writeString(dir.resolve("notes.onnx"), "not a model\n");
    Tools.sox(dir, "-n", "-r", "16000", "-b", "16", "in.wav", "synth", "0.1", "sine", "440");

    StreamResult result =
        Tools.stream(
            dir,
            """
              - { id: read, type: audio.wav-source, with: { path: in.wav } }
              - { id: vad, type: audio.vad, after: [read], with: { engine: silero, model: notes.onnx } }
              - { id: utterances, type: audio.segmenter, after: [vad] }
            """);

    assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
    assertThat(result.error())
        .contains("node vad: " + dir.resolve("notes.onnx") + ": ONNX Runtime cannot load it");
  }

  @Test
  void aModelOfAnotherVersionIsNamedWithTheInputsItHas() throws Exception {
    SileroModel.file();
    AudioFrame frame =
        AudioFrame.of(16000, 1, SampleFormat.I16, new double[480], java.time.Duration.ZERO, 0);

    Stages.Outcome<VadFrame> outcome =
        Stages.run(new VadType(), silero(SileroModel.LEGACY, "30ms"), List.of(frame));

    assertThat(outcome.rejected())
        .singleElement()
        .asString()
        .startsWith(
            "node node: " + SileroModel.LEGACY + ": not a Silero VAD v5 model (its inputs are")
        .endsWith("not input, state and sr)");
  }

  private List<Problem> validate(String vadConfig) throws Exception {
    Path file = dir.resolve("vad.yaml");
    Files.writeString(
        file,
        """
        weft: 1
        name: vad
        kind: stream
        nodes:
          - { id: read, type: audio.wav-source, with: { path: in.wav } }
          - id: vad
            type: audio.vad
            after: [read]
            with: %s
        """
            .formatted(vadConfig));
    Checked checked = Manifests.load(file, Map.of(), NodeTypes.load());
    return checked.problems();
  }

  @Test
  void aMissingModelFileFailsValidationWithHowToGetIt() throws Exception {
    List<Problem> problems = validate("{ engine: silero, model: models/silero_vad_v5.onnx }");

    assertThat(problems).hasSize(1);
    Problem p = problems.getFirst();
    assertThat(p.nodeId()).isEqualTo("vad");
    assertThat(p.position().line()).isEqualTo(9);
    assertThat(p.message())
        .isEqualTo(
            "the model file " + dir.resolve("models/silero_vad_v5.onnx") + " does not exist");
    assertThat(p.hint()).contains("npm pack @ricky0123/vad-web").contains("silero_vad_v5.onnx");
  }

  @Test
  void aModelFileBesideTheManifestIsFoundWhereverTheRunStarts() throws Exception {
    Files.createDirectories(dir.resolve("models"));
    Files.copy(SileroModel.file(), dir.resolve("models/silero_vad_v5.onnx"));

    assertThat(validate("{ engine: silero, model: models/silero_vad_v5.onnx }")).isEmpty();
  }

  @Test
  void sileroWithoutAModelAndAModelWithoutSileroAreNamed() throws Exception {
    assertThat(validate("{ engine: silero }"))
        .singleElement()
        .satisfies(p -> {
          assertThat(p.message()).isEqualTo("engine silero needs model: the Silero VAD ONNX file");
          assertThat(p.hint()).contains("npm pack @ricky0123/vad-web");
        });
    assertThat(validate("{ model: silero_vad_v5.onnx }"))
        .singleElement()
        .satisfies(p ->
            assertThat(p.message())
                .isEqualTo("model is for engine: silero; the native engine has none"));
    assertThat(validate("{ engine: silerro }"))
        .singleElement()
        .satisfies(p -> {
          assertThat(p.message()).isEqualTo("unknown VAD engine 'silerro'");
          assertThat(p.hint()).contains("silero");
        });
  }
}
