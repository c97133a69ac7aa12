package dev.weft.server;

import java.util.Locale;

/**
 * What a token lets its holder do: read, submit (and read), work (be a remote worker: the {@code
 * worker.*} methods), or everything (admin).
 */
enum Scope {
  READ,
  SUBMIT,
  WORK,
  ADMIN;

  /** The scope named {@code read}, {@code submit} or {@code admin}. */
  static Scope of(String name) {
    for (Scope s : values()) {
      if (s.display().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown scope '" + name + "'; use read, submit, work or admin");
  }

  String display() {
    return name().toLowerCase(Locale.ROOT);
  }
}
