package dev.weft.audio;

import java.util.Locale;

/** How the channels of an {@link AudioFrame}'s samples are ordered. */
public enum SampleLayout {
  /**
   * Every channel's sample in turn: sample frame {@code n} of channel {@code c} at {@code n *
   * channels + c}.
   */
  INTERLEAVED,
  /**
   * One channel after another: sample frame {@code n} of channel {@code c} at {@code c * length +
   * n}.
   */
  PLANAR;

  /** The name used in manifests: {@code interleaved} or {@code planar}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The layout a manifest names, or {@code null}. */
  public static SampleLayout byId(String id) {
    for (SampleLayout layout : values()) {
      if (layout.id().equals(id)) {
        return layout;
      }
    }
    return null;
  }
}
