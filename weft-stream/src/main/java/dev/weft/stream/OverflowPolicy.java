package dev.weft.stream;

import java.util.Locale;

/** What an edge does when its channel is full. */
public enum OverflowPolicy {
  /** The producer waits for room: nothing is lost, the slowest consumer sets the pace. */
  BLOCK,
  /** The oldest waiting message is dropped to make room: live media never stalls its source. */
  DROP_OLDEST,
  /** The new message is dropped. */
  DROP_NEWEST;

  /** The name in manifests, e.g. {@code drop-oldest}. */
  public String manifestName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
