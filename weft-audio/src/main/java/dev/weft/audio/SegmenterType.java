package dev.weft.audio;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Emitter;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;
import java.time.Duration;
import java.util.Map;

/**
 * {@code audio.segmenter}: {@link VadFrame}s from {@code audio.vad} into utterances: a {@link
 * SpeechEvent.Started} once one has lasted {@code min-length}, a {@link SpeechEvent.Utterance} with
 * its audio once it has ended. See {@link Segmenter} for the rules.
 */
public final class SegmenterType implements StreamNodeType {

  @Override
  public String name() {
    return "audio.segmenter";
  }

  @Override
  public String description() {
    return "groups speech frames from audio.vad into utterances with their audio";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .optional(
            "pre-roll",
            ConfigSchema.Type.DURATION,
            "audio kept before an utterance's first speech frame (default 300ms)")
        .optional(
            "min-length",
            ConfigSchema.Type.DURATION,
            "the shortest speech that makes an utterance (default 250ms)")
        .optional(
            "max-length",
            ConfigSchema.Type.DURATION,
            "the longest utterance; longer speech is cut (default 30s)")
        .optional(
            "silence",
            ConfigSchema.Type.DURATION,
            "the silence after the last speech frame that ends an utterance (default 500ms)")
        .build();
  }

  @Override
  public Stage create(Node node) {
    Map<String, Object> with = node.with();
    Segmenter.Settings settings;
    try {
      settings =
          new Segmenter.Settings(
              NodeConfig.duration(with, "pre-roll", Duration.ofMillis(300)),
              NodeConfig.duration(with, "min-length", Duration.ofMillis(250)),
              NodeConfig.duration(with, "max-length", Duration.ofSeconds(30)),
              NodeConfig.duration(with, "silence", Duration.ofMillis(500)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("node " + node.id() + ": " + e.getMessage(), e);
    }
    Segmenter segmenter = new Segmenter(settings);
    return new Transform<Object, SpeechEvent>() {
      @Override
      public void process(Object message, Emitter<SpeechEvent> out) {
        if (message instanceof VadFrame frame) {
          segmenter.accept(frame, out::emit);
        } else {
          out.reject(
              message,
              "node "
                  + node.id()
                  + ": takes the frames of audio.vad, not "
                  + message.getClass().getSimpleName()
                  + "; put audio.vad before it");
        }
      }

      @Override
      public void finish(Emitter<SpeechEvent> out) {
        segmenter.finish(out::emit);
      }
    };
  }
}
