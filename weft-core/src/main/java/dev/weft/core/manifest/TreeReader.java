package dev.weft.core.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    Map<String, Tree> entries = new LinkedHashMap<>();
    Map<String, int[]> keys = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonLocation at = parser.currentTokenLocation();
      int[] keyAt = {at.getLineNr(), at.getColumnNr()};
      Tree value = value(parser.nextToken());
      if (entries.putIfAbsent(key, value) == null) {
        keys.put(key, keyAt);
      } else {
        duplicateKeys.accept(keyAt, key);
      }
    }
    return new Tree.MapTree(line, column, entries, keys);
  }

  private Tree list(int line, int column) throws IOException {
    List<Tree> items = new ArrayList<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY && token != null;
        token = parser.nextToken()) {
      items.add(value(token));
    }
    return new Tree.ListTree(line, column, items);
  }
}
