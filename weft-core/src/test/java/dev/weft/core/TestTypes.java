package dev.weft.core;

import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.spi.NodeType;
import dev.weft.core.spi.NodeTypes;
import java.util.Set;

/** Node types for core's tests (the real ones live in the runtime modules). */
public final class TestTypes {

  private TestTypes() {}

  /** A type with a fixed name, kinds and schema. */
  public record Simple(String name, Set<Kind> kinds, ConfigSchema schema) implements NodeType {}

  /** noop and echo for tasks, needs-count with a typed schema, map for streams. */
  public static final NodeTypes ALL =
      NodeTypes.of(
          new Simple("noop", Set.of(Kind.TASKS), ConfigSchema.EMPTY),
          new Simple(
              "echo",
              Set.of(Kind.TASKS),
              ConfigSchema.builder()
                  .optional("message", ConfigSchema.Type.ANY, "the result")
                  .build()),
          new Simple(
              "needs-count",
              Set.of(Kind.TASKS),
              ConfigSchema.builder()
                  .required("count", ConfigSchema.Type.INTEGER, "how many")
                  .optional("pause", ConfigSchema.Type.DURATION, "wait between")
                  .build()),
          new Simple("map", Set.of(Kind.STREAM), ConfigSchema.EMPTY));
}
