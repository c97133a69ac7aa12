package dev.weft.audio;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Sink;
import dev.weft.stream.Stage;
import dev.weft.stream.StageContext;
import dev.weft.stream.StreamNodeType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code audio.segment-writer}: each {@link SpeechEvent.Utterance} from {@code audio.segmenter} to
 * a WAV file of its own in {@code dir}, and a line for it in the folder's JSON-lines index. See
 * {@link SegmentIndex} for the files.
 */
public final class SegmentWriterType implements StreamNodeType {

  @Override
  public String name() {
    return "audio.segment-writer";
  }

  @Override
  public String description() {
    return "writes each utterance to a WAV file and a line of a JSON-lines index";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("dir", ConfigSchema.Type.PATH, "the folder of the WAV files and index.jsonl")
        .optional(
            "format",
            ConfigSchema.Type.STRING,
            "the files' samples: i16, i24, i32 or f32 (default: the utterances' format)")
        .build();
  }

  @Override
  public Stage create(Node node) {
    Path dir = Path.of((String) node.with().get("dir")).toAbsolutePath();
    WavWriter.Encoding encoding = WavWriter.Encoding.ofNode(node);
    return new Sink<Object>() {
      private SegmentIndex index;

      @Override
      public void open(StageContext context) throws Exception {
        Files.createDirectories(dir);
        index = new SegmentIndex(dir, encoding);
      }

      @Override
      public void accept(Object message) throws Exception {
        switch (message) {
          case SpeechEvent.Utterance utterance -> index.write(utterance);
          case SpeechEvent.Started started -> {}
          default ->
              throw new IllegalArgumentException(
                  "node "
                      + node.id()
                      + ": takes the utterances of audio.segmenter, not "
                      + message.getClass().getSimpleName()
                      + "; put audio.segmenter before it");
        }
      }

      @Override
      public void close() throws Exception {
        if (index != null) {
          index.close();
        }
      }
    };
  }
}
