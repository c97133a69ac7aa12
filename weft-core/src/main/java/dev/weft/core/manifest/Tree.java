package dev.weft.core.manifest;

import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest as read, before it becomes a {@link dev.weft.core.Pipeline}: maps, lists and scalars,
 * each with the 1-based line and column where it starts. Jackson's own tree keeps no positions, and
 * every problem we report needs one.
 */
sealed interface Tree {
  int line();

  int column();

  /**
   * A map, kept like {@link ListTree}: keys, values and positions in arrays. Lookups scan; the maps
   * of a manifest are small.
   */
  final class MapTree implements Tree {
    private final int line;
    private final int column;
    private final String[] keys;
    private final Object[] values; // a Tree for a map or list, else the scalar value itself
    private final int[] positions; // entry i: key line, key column, value line, value column

    MapTree(int line, int column, String[] keys, Object[] values, int[] positions) {
      this.line = line;
      this.column = column;
      this.keys = keys;
      this.values = values;
      this.positions = positions;
    }

    @Override
    public int line() {
      return line;
    }

    @Override
    public int column() {
      return column;
    }

    /** The value of {@code key}, or {@code null} when the key is absent. */
    Tree get(String key) {
      int i = indexOf(key);
      return i < 0 ? null : value(i);
    }

    /** Whether the map has {@code key}. */
    boolean has(String key) {
      return indexOf(key) >= 0;
    }

    /** The keys in the order written. */
    List<String> keys() {
      return List.of(keys);
    }

    /** Where {@code key} itself was written: line and column. */
    int[] keyPosition(String key) {
      int i = indexOf(key);
      return new int[] {positions[4 * i], positions[4 * i + 1]};
    }

    /** The entries in the order written. */
    Map<String, Tree> entries() {
      Map<String, Tree> entries = new LinkedHashMap<>();
      for (int i = 0; i < keys.length; i++) {
        entries.put(keys[i], value(i));
      }
      return entries;
    }

    private Tree value(int i) {
      return values[i] instanceof Tree tree
          ? tree
          : new Scalar(positions[4 * i + 2], positions[4 * i + 3], values[i]);
    }

    private int indexOf(String key) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i].equals(key)) {
          return i;
        }
      }
      return -1;
    }
  }

  /**
   * A list. Scalar items are kept unboxed (value and position in arrays) and made into {@link
   * Scalar}s only when read: a large manifest's {@code after:} lists then hold no object per entry
   * beyond the shared id string, which keeps garbage collection cheap.
   */
  final class ListTree implements Tree {
    private final int line;
    private final int column;
    private final Object[] values; // a Tree for a map or list, else the scalar value itself
    private final int[] positions; // line and column of item i at 2i and 2i+1

    ListTree(int line, int column, Object[] values, int[] positions) {
      this.line = line;
      this.column = column;
      this.values = values;
      this.positions = positions;
    }

    @Override
    public int line() {
      return line;
    }

    @Override
    public int column() {
      return column;
    }

    /** The items, in order. */
    List<Tree> items() {
      return new AbstractList<>() {
        @Override
        public Tree get(int i) {
          return values[i] instanceof Tree tree
              ? tree
              : new Scalar(positions[2 * i], positions[2 * i + 1], values[i]);
        }

        @Override
        public int size() {
          return values.length;
        }
      };
    }
  }

  /** A string, {@code Long}, {@code Double}, {@code Boolean} or {@code null}. */
  record Scalar(int line, int column, Object value) implements Tree {}

  /** A short description of what kind of value this is, for messages. */
  static String describe(Tree tree) {
    return switch (tree) {
      case MapTree m -> "a map";
      case ListTree l -> "a list";
      case Scalar(var l, var c, String s) -> "the string '" + s + "'";
      case Scalar(var l, var c, Boolean b) -> b.toString();
      case Scalar s when s.value() == null -> "nothing";
      case Scalar s -> "the number " + s.value();
    };
  }
}
