package dev.weft.stream.ipc;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Stage;
import dev.weft.stream.StageContext;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Node types for the process tests: they tell where they run, crash, or never get ready. */
final class TestTypes {

  private TestTypes() {}

  private static long n(Object message) {
    return ((Number) ((Map<?, ?>) message).get("n")).longValue();
  }

  /** {@code test.whoami}: each message {n} becomes {n, pid} with the pid it was handled in. */
  public static final class WhoAmI implements StreamNodeType {
    @Override
    public String name() {
      return "test.whoami";
    }

    @Override
    public String description() {
      return "adds the pid of the process that handled the message";
    }

    @Override
    public Stage create(Node node) {
      return (Transform<Object, Object>)
          (message, out) -> {
            Map<String, Object> copy = new LinkedHashMap<>();
            copy.put("n", n(message));
            copy.put("pid", ProcessHandle.current().pid());
            out.emit(copy);
          };
    }
  }

  /**
   * {@code test.crash}: passes messages on, but exits with {@code code} on message {@code at} (only
   * the first time, when {@code marker} names a file it creates then).
   */
  public static final class Crash implements StreamNodeType {
    @Override
    public String name() {
      return "test.crash";
    }

    @Override
    public String description() {
      return "exits the process on one message";
    }

    @Override
    public ConfigSchema schema() {
      return ConfigSchema.builder()
          .required("at", ConfigSchema.Type.INTEGER, "the message n to crash on")
          .required("code", ConfigSchema.Type.INTEGER, "the exit code")
          .optional("marker", ConfigSchema.Type.STRING, "crash only while this file is missing")
          .build();
    }

    @Override
    public Stage create(Node node) {
      long at = ((Number) node.with().get("at")).longValue();
      int code = ((Number) node.with().get("code")).intValue();
      Object marker = node.with().get("marker");
      return (Transform<Object, Object>)
          (message, out) -> {
            if (n(message) >= at) {
              if (marker == null || !Files.exists(Path.of(marker.toString()))) {
                if (marker != null) {
                  Files.createFile(Path.of(marker.toString()));
                }
                System.err.println("crashing at " + at);
                System.err.flush();
                Runtime.getRuntime().halt(code);
              }
            }
            out.emit(message);
          };
    }
  }

  /** {@code test.stuck}: reports progress while it opens, then never gets ready. */
  public static final class Stuck implements StreamNodeType {
    @Override
    public String name() {
      return "test.stuck";
    }

    @Override
    public String description() {
      return "never finishes opening";
    }

    @Override
    public Stage create(Node node) {
      return new Transform<Object, Object>() {
        @Override
        public void open(StageContext context) throws InterruptedException {
          NodeHost.progress(0.4, "loading model");
          new CountDownLatch(1).await();
        }

        @Override
        public void process(Object message, dev.weft.stream.Emitter<Object> out) {
          out.emit(message);
        }
      };
    }
  }

  /** {@code test.slow-open}: reports progress twice while it opens, then passes messages on. */
  public static final class SlowOpen implements StreamNodeType {
    @Override
    public String name() {
      return "test.slow-open";
    }

    @Override
    public String description() {
      return "reports progress while opening";
    }

    @Override
    public Stage create(Node node) {
      return new Transform<Object, Object>() {
        @Override
        public void open(StageContext context) {
          NodeHost.progress(0.4, "loading model");
          NodeHost.progress(1.0, "loaded");
        }

        @Override
        public void process(Object message, dev.weft.stream.Emitter<Object> out) {
          out.emit(message);
        }
      };
    }
  }

  /** The bytes of blob {@code i} of {@code size} bytes that {@code test.blobs} emits. */
  static byte[] blob(int i, int size) {
    byte[] bytes = new byte[size];
    new java.util.Random(i).nextBytes(bytes);
    return bytes;
  }

  /** {@code test.blobs}: {@code count} messages of {@code size} random bytes ({@link #blob}). */
  public static final class Blobs implements StreamNodeType {
    @Override
    public String name() {
      return "test.blobs";
    }

    @Override
    public ConfigSchema schema() {
      return ConfigSchema.builder()
          .required("count", ConfigSchema.Type.INTEGER, "how many")
          .required("size", ConfigSchema.Type.INTEGER, "bytes each")
          .build();
    }

    @Override
    public Stage create(Node node) {
      int count = ((Number) node.with().get("count")).intValue();
      int size = ((Number) node.with().get("size")).intValue();
      return (dev.weft.stream.Source<byte[]>)
          out -> {
            for (int i = 0; i < count; i++) {
              out.emit(blob(i, size));
            }
          };
    }
  }
}
