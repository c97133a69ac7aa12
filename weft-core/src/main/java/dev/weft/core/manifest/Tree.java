package dev.weft.core.manifest;

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

  /** A map; {@code keys} holds where each key was written. */
  record MapTree(int line, int column, Map<String, Tree> entries, Map<String, int[]> keys)
      implements Tree {}

  /** A list. */
  record ListTree(int line, int column, List<Tree> items) implements Tree {}

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
