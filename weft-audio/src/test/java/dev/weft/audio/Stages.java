package dev.weft.audio;

import dev.weft.core.Node;
import dev.weft.stream.Emitter;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Drives a node's transform by hand: the messages in, what it emitted and rejected out. */
final class Stages {

  private Stages() {}

  /**
   * What a transform did.
   *
   * @param out the messages it emitted, in order
   * @param rejected the reasons it gave for the inputs it rejected
   */
  record Outcome<O>(List<O> out, List<String> rejected) {}

  /** Runs node {@code id} of {@code type} with {@code with} over {@code in}, then finishes it. */
  @SuppressWarnings("unchecked")
  static <I, O> Outcome<O> run(StreamNodeType type, Map<String, ?> with, List<I> in)
      throws Exception {
    Transform<I, O> stage =
        (Transform<I, O>) type.create(Node.builder("node", type.name()).with(with).build());
    List<O> out = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    Emitter<O> emitter =
        new Emitter<>() {
          @Override
          public void emit(O message) {
            out.add(message);
          }

          @Override
          public void reject(Object input, String reason) {
            rejected.add(reason);
          }

          @Override
          public boolean cancelled() {
            return false;
          }
        };
    try {
      for (I message : in) {
        stage.process(message, emitter);
      }
      stage.finish(emitter);
    } finally {
      stage.close();
    }
    return new Outcome<>(out, rejected);
  }

  /** The frames of a WAV file, {@code length} samples each. */
  static List<AudioFrame> read(Path wav, int length) throws IOException {
    List<AudioFrame> frames = new ArrayList<>();
    try (WavReader reader = WavReader.open(wav)) {
      for (AudioFrame f = reader.next(length); f != null; f = reader.next(length)) {
        frames.add(f);
      }
    }
    return frames;
  }
}
