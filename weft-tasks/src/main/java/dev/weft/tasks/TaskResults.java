package dev.weft.tasks;

import java.lang.reflect.Type;

/** Reads stored task results (the JSON of {@code TaskRecord.resultJson()}) as Java types. */
public final class TaskResults {

  private TaskResults() {}

  /**
   * The result {@code json} as an instance of {@code type}, or {@code null} for a JSON null.
   *
   * @throws IllegalArgumentException when the result does not fit {@code type}
   */
  public static Object read(String json, Type type) {
    Object value = Json.read(json);
    return value == null ? null : Json.convert(value, type);
  }
}
