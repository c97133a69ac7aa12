package dev.weft.core.manifest;

import dev.weft.core.Durations;
import dev.weft.core.manifest.Tree.ListTree;
import dev.weft.core.manifest.Tree.MapTree;
import dev.weft.core.manifest.Tree.Scalar;
import dev.weft.core.validate.Position;
import dev.weft.core.validate.Problem;
import dev.weft.core.validate.Suggestions;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Typed readers of a manifest's fields, shared by the manifest reader and the runtimes' section
 * readers: each reports a value of the wrong type (with its position, and the node being read) and
 * reads it as absent, so one pass reports every problem.
 */
final class Fields {

  private final String file;
  private final List<Problem> problems;
  RunParameters params;
  String nodeId;

  Fields(String file, List<Problem> problems) {
    this.file = file;
    this.problems = problems;
  }

  Long positive(MapTree map, String field) {
    Long value = integer(map, field);
    if (value != null && (value < 1 || value > Integer.MAX_VALUE)) {
      report(map.get(field), field + " must be at least 1", "leave it out for no cap");
      return null;
    }
    return value;
  }

  String string(MapTree map, String field, boolean required) {
    Object value = substitutedField(map, field, required);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    wrongType(map, field, "a string", "quote it: " + field + ": \"" + value + "\"");
    return null;
  }

  /** A string kept as written: conditions and expressions resolve references themselves. */
  String rawString(MapTree map, String field) {
    Tree tree = map.get(field);
    if (tree == null) {
      return null;
    }
    if (tree instanceof Scalar(var l, var c, String text)) {
      return text;
    }
    wrongType(map, field, "a string", null);
    return null;
  }

  Long integer(MapTree map, String field) {
    Object value = substitutedField(map, field, false);
    if (value == null || value instanceof Long) {
      return (Long) value;
    }
    wrongType(
        map,
        field,
        "a whole number",
        value instanceof BigInteger ? "the number is too large" : null);
    return null;
  }

  Double number(MapTree map, String field) {
    Object value = substitutedField(map, field, false);
    if (value == null || value instanceof Number) {
      return value == null ? null : ((Number) value).doubleValue();
    }
    wrongType(map, field, "a number", null);
    return null;
  }

  boolean bool(MapTree map, String field) {
    Object value = substitutedField(map, field, false);
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    wrongType(map, field, "true or false", null);
    return false;
  }

  Duration duration(MapTree map, String field) {
    Object value = substitutedField(map, field, false);
    if (value == null) {
      return null;
    }
    Duration duration = value instanceof String s ? Durations.parse(s).orElse(null) : null;
    if (duration == null) {
      boolean tooLong = value instanceof String s && Durations.tooLong(s);
      report(
          map.get(field),
          (tooLong ? "too long a duration " : "bad duration ")
              + (value instanceof String ? "'" + value + "'" : String.valueOf(value))
              + " for "
              + field,
          Durations.hint(value));
    }
    return duration;
  }

  List<String> stringList(MapTree map, String field) {
    Tree tree = map.get(field);
    if (tree == null) {
      return List.of();
    }
    List<Tree> items = tree instanceof ListTree list ? list.items() : List.of(tree);
    List<String> values = new ArrayList<>(items.size());
    for (Tree item : items) {
      if (item instanceof Scalar(var l, var c, String s)) {
        values.add(s);
      } else {
        report(item, field + " must be a list of strings, not " + Tree.describe(item), null);
      }
    }
    return values;
  }

  Object substitutedField(MapTree map, String field, boolean required) {
    Tree tree = map.get(field);
    if (tree == null) {
      if (required) {
        report(map, "missing field '" + field + "'", null);
      }
      return null;
    }
    return substitutedField(tree);
  }

  Object substitutedField(Tree tree) {
    return switch (tree) {
      case Scalar(var l, var c, String text) -> substituted(tree, text);
      case Scalar s -> s.value();
      default -> tree;
    };
  }

  Object substituted(Tree at, String text) {
    RunParameters.Result result = params.substitute(text);
    if (result.error() != null) {
      report(at, result.error().message(), result.error().hint());
    }
    return result.value();
  }

  void wrongType(MapTree map, String field, String expected, String hint) {
    Tree value = map.get(field);
    report(value, field + " must be " + expected + ", not " + Tree.describe(value), hint);
  }

  void unknownFields(MapTree map, Set<String> known, String what) {
    for (String key : map.keys()) {
      if (!known.contains(key)) {
        int[] at = map.keyPosition(key);
        problems.add(
            new Problem(
                new Position(file, at[0], at[1]),
                nodeId,
                "unknown " + what + " '" + key + "'",
                Suggestions.didYouMean(key, known, "known fields")));
      }
    }
  }

  void report(Tree at, String message, String hint) {
    problems.add(new Problem(new Position(file, at.line(), at.column()), nodeId, message, hint));
  }
}
