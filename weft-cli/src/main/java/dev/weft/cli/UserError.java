package dev.weft.cli;

/** A mistake of the user's (a bad config file, say): reported in one line, no stack trace. */
final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UserError(String message) {
    super(message);
  }
}
