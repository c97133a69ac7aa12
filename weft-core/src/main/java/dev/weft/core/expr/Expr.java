package dev.weft.core.expr;

import java.util.List;

/**
 * A parsed expression of Weft's small expression language (see {@link Expression}). Nodes carry the
 * column (1-based) where they start, for error messages.
 */
sealed interface Expr {

  int column();

  /** A number, string, boolean or null. */
  record Literal(int column, Object value) implements Expr {}

  /** A name, or a path of names and indexes: {@code message.user.name}, {@code row["a b"]}. */
  record Path(int column, String root, List<Object> steps) implements Expr {}

  /** {@code !x} or {@code -x}. */
  record Unary(int column, String op, Expr operand) implements Expr {}

  /** {@code a op b}. */
  record Binary(int column, String op, Expr left, Expr right) implements Expr {}

  /** {@code name(args...)}, one of the built-in functions. */
  record Call(int column, String name, List<Expr> args) implements Expr {}
}
