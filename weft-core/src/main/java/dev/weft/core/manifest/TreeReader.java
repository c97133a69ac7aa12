package dev.weft.core.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;

/** Streams a JSON or YAML parser into a {@link Tree}, keeping every value's position. */
final class TreeReader {

  private final JsonParser parser;
  private final BiConsumer<int[], String> duplicateKeys;

  /**
   * @param duplicateKeys told the position and name of every key written twice in one map (the
   *     later value is dropped)
   */
  TreeReader(JsonParser parser, BiConsumer<int[], String> duplicateKeys) {
    this.parser = parser;
    this.duplicateKeys = duplicateKeys;
  }

  /** The whole document, or {@code null} when it is empty. */
  Tree read() throws IOException {
    JsonToken first = parser.nextToken();
    return first == null ? null : value(first);
  }

  private Tree value(JsonToken token) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    int line = at.getLineNr();
    int column = at.getColumnNr();
    return switch (token) {
      case START_OBJECT -> map(line, column);
      case START_ARRAY -> list(line, column);
      case VALUE_STRING -> new Tree.Scalar(line, column, parser.getText());
      case VALUE_NUMBER_INT -> new Tree.Scalar(line, column, integer());
      case VALUE_NUMBER_FLOAT -> new Tree.Scalar(line, column, parser.getDoubleValue());
      case VALUE_TRUE -> new Tree.Scalar(line, column, Boolean.TRUE);
      case VALUE_FALSE -> new Tree.Scalar(line, column, Boolean.FALSE);
      case VALUE_NULL -> new Tree.Scalar(line, column, null);
      default -> new Tree.Scalar(line, column, parser.getText());
    };
  }

  private Object integer() throws IOException {
    return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        ? parser.getBigIntegerValue()
        : (Object) parser.getLongValue();
  }

  private Tree map(int line, int column) throws IOException {
    String[] keys = new String[8];
    Object[] values = new Object[8];
    int[] positions = new int[32];
    Set<String> seen = new HashSet<>();
    int size = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonLocation at = parser.currentTokenLocation();
      Tree value = value(parser.nextToken());
      if (!seen.add(key)) {
        duplicateKeys.accept(new int[] {at.getLineNr(), at.getColumnNr()}, key);
        continue;
      }
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
        positions = Arrays.copyOf(positions, size * 8);
      }
      keys[size] = key;
      values[size] = unboxed(value);
      positions[4 * size] = at.getLineNr();
      positions[4 * size + 1] = at.getColumnNr();
      positions[4 * size + 2] = value.line();
      positions[4 * size + 3] = value.column();
      size++;
    }
    return new Tree.MapTree(
        line,
        column,
        Arrays.copyOf(keys, size),
        Arrays.copyOf(values, size),
        Arrays.copyOf(positions, 4 * size));
  }

  /** What a container keeps of an item: a scalar's bare value, or the map or list itself. */
  private static Object unboxed(Tree item) {
    return item instanceof Tree.Scalar scalar ? scalar.value() : item;
  }

  private Tree list(int line, int column) throws IOException {
    Object[] values = new Object[8];
    int[] positions = new int[16];
    int size = 0;
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY && token != null;
        token = parser.nextToken()) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        positions = Arrays.copyOf(positions, size * 4);
      }
      Tree item = value(token);
      values[size] = unboxed(item);
      positions[2 * size] = item.line();
      positions[2 * size + 1] = item.column();
      size++;
    }
    return new Tree.ListTree(
        line, column, Arrays.copyOf(values, size), Arrays.copyOf(positions, 2 * size));
  }
}
