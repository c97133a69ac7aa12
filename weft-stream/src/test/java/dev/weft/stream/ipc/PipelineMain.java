package dev.weft.stream.ipc;

import dev.weft.core.Pipeline;
import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.NodeTypes;
import dev.weft.stream.StreamPipelines;
import java.nio.file.Path;
import java.util.Map;

/** A parent process for the tests that kill it: runs the stream manifest given, then exits. */
public final class PipelineMain {

  private PipelineMain() {}

  public static void main(String[] args) throws Exception {
    NodeTypes types = NodeTypes.load();
    Pipeline pipeline = Manifests.load(Path.of(args[0]), Map.of(), types).orThrow();
    System.out.println("started");
    System.out.println(StreamPipelines.graph(pipeline, types).start().await().status());
  }
}
