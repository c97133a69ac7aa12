package dev.weft.tasks.code;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A module (or node) added to a {@link CodePipeline.Builder}: what dependents and {@link RunResult}
 * read its result through, as an {@code R}.
 *
 * @param <R> the result's type
 */
public final class Handle<R> {
  private final String id;
  private final Type type;

  Handle(String id, Type type) {
    this.id = Objects.requireNonNull(id, "id");
    this.type = Objects.requireNonNull(type, "type");
  }

  /** The module's id in its pipeline. */
  public String id() {
    return id;
  }

  /** The type its result is read as. */
  public Type type() {
    return type;
  }

  @Override
  public String toString() {
    return id + " (" + type.getTypeName() + ")";
  }
}
