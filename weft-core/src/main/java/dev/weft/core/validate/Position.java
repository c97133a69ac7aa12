package dev.weft.core.validate;

/**
 * A place in a manifest file: 1-based line and column; {@link #UNKNOWN} for pipelines built in
 * Java.
 */
public record Position(String file, int line, int column) {

  /** No position known. */
  public static final Position UNKNOWN = new Position(null, 0, 0);

  /** Whether a line is known. */
  public boolean known() {
    return line > 0;
  }

  /** {@code file:line:column}, or as much of it as is known. */
  @Override
  public String toString() {
    String where = file == null ? "<pipeline>" : file;
    return known() ? where + ":" + line + ":" + column : where;
  }
}
