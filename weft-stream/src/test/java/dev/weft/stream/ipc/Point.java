package dev.weft.stream.ipc;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Source;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A user's message type with its own codec (kind 300: two little-endian doubles), and {@code
 * test.points}, a source of them.
 */
public record Point(double x, double y) {

  /** The codec, registered in the tests' {@code META-INF/services}. */
  public static final class Codec implements MessageCodec<Point> {
    @Override
    public int kind() {
      return 300;
    }

    @Override
    public Class<Point> type() {
      return Point.class;
    }

    @Override
    public int size(Point point) {
      return 16;
    }

    @Override
    public void write(Point point, MemorySegment buffer) {
      buffer.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, point.x());
      buffer.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, 8, point.y());
    }

    @Override
    public Point read(MemorySegment payload) {
      return new Point(
          payload.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, 0),
          payload.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, 8));
    }
  }

  /** {@code test.points}: {@code count} points (i, -i). */
  public static final class Points implements StreamNodeType {
    @Override
    public String name() {
      return "test.points";
    }

    @Override
    public ConfigSchema schema() {
      return ConfigSchema.builder()
          .required("count", ConfigSchema.Type.INTEGER, "how many")
          .build();
    }

    @Override
    public Stage create(Node node) {
      long count = ((Number) node.with().get("count")).longValue();
      return (Source<Point>)
          out -> {
            for (long i = 0; i < count; i++) {
              out.emit(new Point(i, -i));
            }
          };
    }
  }
}
