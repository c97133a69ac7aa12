package dev.weft.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Which runtime a pipeline runs on. */
public enum Kind {
  /** Each node runs once per run, when its dependencies have finished; state is durable. */
  TASKS,
  /** Every node runs for the whole run, passing a stream of messages along bounded channels. */
  STREAM;

  /** The name used in manifests: {@code tasks} or {@code stream}. */
  public String manifestName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a manifest name, ignoring case. */
  public static Optional<Kind> parse(String text) {
    return Arrays.stream(values()).filter(k -> k.manifestName().equalsIgnoreCase(text)).findFirst();
  }

  /** All manifest names, for hints. */
  public static List<String> manifestNames() {
    return Arrays.stream(values()).map(Kind::manifestName).toList();
  }
}
