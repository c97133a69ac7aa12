package dev.weft.core.expr;

/** An expression that does not parse, or a value of the wrong type when it is evaluated. */
public final class ExpressionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int column;

  ExpressionException(int column, String message) {
    super(message);
    this.column = column;
  }

  /** Where in the expression (1-based), or 0 when not known. */
  public int column() {
    return column;
  }
}
