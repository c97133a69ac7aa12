package dev.weft.audio;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.stream.RejectedMessageException;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A folder of utterances: {@code utterance-0001.wav}, {@code utterance-0002.wav}, ... (numbered by
 * the utterance's index) and {@code index.jsonl}, replaced when opened, with one JSON object per
 * file, written as soon as the file is:
 *
 * <pre>{@code
 * {"index":1,"file":"utterance-0001.wav","start":1.02,"end":3.75,"duration":2.73,
 *  "audio_start":0.72,"level":-24.1,"cut":false}
 * }</pre>
 *
 * Times are seconds since the start of the stream, to the millisecond: {@code start} and {@code
 * end} those of the speech, {@code audio_start} where the file begins (its pre-roll). {@code level}
 * is the file's mean level, the root mean square of all its samples in dBFS (a full-scale square
 * wave is 0; digital silence is written as -120), to 0.1 dB.
 */
final class SegmentIndex implements Closeable {

  /** The index's file name. */
  static final String INDEX = "index.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final WavWriter.Encoding encoding;
  private final BufferedWriter index;

  /** Opens {@code dir}'s index (replacing it); files are written in {@code encoding}, or as is. */
  SegmentIndex(Path dir, WavWriter.Encoding encoding) throws IOException {
    this.dir = dir;
    this.encoding = encoding;
    this.index = Files.newBufferedWriter(dir.resolve(INDEX), StandardCharsets.UTF_8);
  }

  /** Writes the utterance's WAV file and its index line. */
  void write(SpeechEvent.Utterance utterance) throws IOException, RejectedMessageException {
    String name = String.format("utterance-%04d.wav", utterance.index());
    AudioFrame audio = utterance.audio();
    try (WavWriter writer =
        new WavWriter(
            dir.resolve(name),
            encoding != null ? encoding : WavWriter.Encoding.of(audio.format()))) {
      writer.write(audio);
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("index", utterance.index());
    line.put("file", name);
    line.put("start", seconds(utterance.start()));
    line.put("end", seconds(utterance.end()));
    line.put("duration", seconds(utterance.duration()));
    line.put("audio_start", seconds(audio.timestamp()));
    line.put("level", Math.round(level(audio) * 10) / 10.0);
    line.put("cut", utterance.cut());
    index.write(JSON.writeValueAsString(line));
    index.newLine();
    index.flush();
  }

  /** The root mean square of every sample of {@code audio}, in dBFS, at least -120. */
  static double level(AudioFrame audio) {
    int count = audio.length() * audio.channels();
    double sum = 0;
    for (int i = 0; i < count; i++) {
      double x = audio.sample(i);
      sum += x * x;
    }
    double rms = count == 0 ? 0 : Math.sqrt(sum / count);
    return Math.max(-120, 20 * Math.log10(rms));
  }

  private static double seconds(Duration d) {
    return Math.round(d.toNanos() / 1e6) / 1000.0;
  }

  @Override
  public void close() throws IOException {
    index.close();
  }
}
