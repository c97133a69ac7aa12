package dev.weft.audio;

import dev.weft.core.Durations;
import java.time.Duration;
import java.util.Map;

/** Reading the audio nodes' config values, once the schema has checked their types. */
final class NodeConfig {

  private NodeConfig() {}

  /** The duration under {@code key}, or {@code otherwise} when it is not given. */
  static Duration duration(Map<String, Object> with, String key, Duration otherwise) {
    return with.get(key) instanceof String s ? Durations.parse(s).orElseThrow() : otherwise;
  }
}
