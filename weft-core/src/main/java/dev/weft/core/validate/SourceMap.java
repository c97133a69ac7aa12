package dev.weft.core.validate;

/**
 * Finds where a part of the pipeline was written. Parts are named by JSON pointers into the
 * manifest, e.g. {@code /nodes/3/after/1}; a part that was not written (a missing field) maps to
 * the nearest enclosing one.
 */
@FunctionalInterface
public interface SourceMap {

  /** For pipelines built in Java: every position unknown. */
  SourceMap NONE = pointer -> Position.UNKNOWN;

  /** Where the part named by {@code pointer} was written. */
  Position at(String pointer);
}
