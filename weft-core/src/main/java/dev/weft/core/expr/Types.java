package dev.weft.core.expr;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What can be known of an expression's types before it runs: literals, run parameters and statuses
 * are text, functions return what they return, the rest may be anything. Enough to catch {@code
 * params.count > 3} (text against a number) or a condition that is not true or false.
 */
final class Types {

  /** A value's type, as far as it is known. */
  enum Type {
    BOOLEAN("true or false"),
    NUMBER("a number"),
    TEXT("text"),
    NULL("null"),
    ANY("anything");

    final String words;

    Type(String words) {
      this.words = words;
    }
  }

  private final Map<String, Type> fields; // names whose fields have a known type

  /**
   * @param fields the type of the fields of each top-level name, e.g. params: TEXT
   */
  Types(Map<String, Type> fields) {
    this.fields = fields;
  }

  /** The first type error, with its column. */
  Optional<ExpressionException> check(Expr e) {
    try {
      infer(e);
      return Optional.empty();
    } catch (ExpressionException error) {
      return Optional.of(error);
    }
  }

  Type infer(Expr e) {
    return switch (e) {
      case Expr.Literal l ->
          switch (l.value()) {
            case null -> Type.NULL;
            case Boolean b -> Type.BOOLEAN;
            case Number n -> Type.NUMBER;
            default -> Type.TEXT;
          };
      case Expr.Path p ->
          p.steps().size() == 1 ? fields.getOrDefault(p.root(), Type.ANY) : Type.ANY;
      case Expr.Unary u -> {
        Type operand = infer(u.operand());
        Type wanted = u.op().equals("!") ? Type.BOOLEAN : Type.NUMBER;
        need(u, operand, wanted, u.op());
        yield wanted;
      }
      case Expr.Binary b -> binary(b);
      case Expr.Call c -> call(c);
    };
  }

  private Type binary(Expr.Binary b) {
    Type l = infer(b.left());
    Type r = infer(b.right());
    return switch (b.op()) {
      case "&&", "||" -> {
        need(b, l, Type.BOOLEAN, b.op());
        need(b, r, Type.BOOLEAN, b.op());
        yield Type.BOOLEAN;
      }
      case "==", "!=" -> Type.BOOLEAN;
      case "<", "<=", ">", ">=" -> {
        if (known(l) && known(r) && (l != r || l == Type.BOOLEAN)) {
          throw new ExpressionException(
              b.column(), "cannot compare " + l.words + " and " + r.words + " with " + b.op());
        }
        yield Type.BOOLEAN;
      }
      case "+" -> {
        if (l == Type.TEXT || r == Type.TEXT) {
          yield Type.TEXT;
        }
        need(b, l, Type.NUMBER, "+");
        need(b, r, Type.NUMBER, "+");
        yield known(l) && known(r) ? Type.NUMBER : Type.ANY;
      }
      default -> {
        need(b, l, Type.NUMBER, b.op());
        need(b, r, Type.NUMBER, b.op());
        yield Type.NUMBER;
      }
    };
  }

  private Type call(Expr.Call c) {
    List<Type> args = c.args().stream().map(this::infer).toList();
    switch (c.name()) {
      case "lower", "upper", "trim", "startsWith", "endsWith", "matches", "substr" ->
          need(c, args.isEmpty() ? Type.ANY : args.getFirst(), Type.TEXT, c.name());
      default -> {}
    }
    return switch (c.name()) {
      case "len", "int", "float" -> Type.NUMBER;
      case "lower", "upper", "trim", "str", "substr" -> Type.TEXT;
      default -> Type.BOOLEAN; // contains, startsWith, endsWith, matches, exists
    };
  }

  private static boolean known(Type t) {
    return t != Type.ANY && t != Type.NULL;
  }

  private static void need(Expr at, Type actual, Type wanted, String what) {
    if (known(actual) && actual != wanted) {
      throw new ExpressionException(
          at.column(), what + " needs " + wanted.words + ", not " + actual.words);
    }
  }
}
