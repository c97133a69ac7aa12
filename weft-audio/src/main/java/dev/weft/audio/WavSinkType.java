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
 * {@code audio.wav-sink}: {@link AudioFrame}s to a WAV file (replaced), in {@code format} (i16,
 * i24, i32 or f32; default: that of the first frame). Every frame must have the first one's rate
 * and channels.
 */
public final class WavSinkType implements StreamNodeType {

  @Override
  public String name() {
    return "audio.wav-sink";
  }

  @Override
  public String description() {
    return "writes audio frames to a WAV file (16/24/32-bit PCM, 32-bit float)";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("path", ConfigSchema.Type.PATH, "the WAV file to write (replaced)")
        .optional(
            "format",
            ConfigSchema.Type.STRING,
            "the file's samples: i16, i24, i32 or f32 (default: the first frame's format)")
        .build();
  }

  @Override
  public Stage create(Node node) {
    Path path = Path.of((String) node.with().get("path")).toAbsolutePath();
    WavWriter.Encoding chosen = WavWriter.Encoding.ofNode(node);
    return new Sink<AudioFrame>() {
      private WavWriter writer;

      @Override
      public void open(StageContext context) throws Exception {
        Files.createDirectories(path.getParent());
      }

      @Override
      public void accept(AudioFrame frame) throws Exception {
        if (writer == null) {
          writer =
              new WavWriter(path, chosen != null ? chosen : WavWriter.Encoding.of(frame.format()));
        }
        writer.write(frame);
      }

      @Override
      public void close() throws Exception {
        if (writer != null) {
          writer.close();
        }
      }
    };
  }
}
