package dev.weft.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which workers may claim a task (tasks pipelines): a worker serves the labels it was started with
 * ({@code weft worker --labels gpu,ssd}).
 *
 * @param require labels a worker must have all of to claim the task (capability); empty for any
 * @param prefer labels whose workers claim the task first (affinity, e.g. a warm model cache):
 *     another worker takes it only after it has been ready for {@code preferWait}; empty for none
 * @param preferWait how long a preferring task waits for a worker with its labels
 */
public record RoutingSpec(List<String> require, List<String> prefer, Duration preferWait) {

  /** The most labels one worker serves (a claim matches each subset of them). */
  public static final int MAX_WORKER_LABELS = 8;

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");

  /** Whether {@code label} is a valid label: letters, digits and {@code - _ . :}. */
  public static boolean isLabel(String label) {
    return LABEL.matcher(label).matches();
  }

  /** How long a task waits for a preferred worker when the manifest does not say. */
  public static final Duration DEFAULT_PREFER_WAIT = Duration.ofSeconds(2);

  public RoutingSpec {
    require = List.copyOf(new TreeSet<>(require == null ? List.of() : require));
    prefer = List.copyOf(new TreeSet<>(prefer == null ? List.of() : prefer));
    preferWait = Objects.requireNonNullElse(preferWait, DEFAULT_PREFER_WAIT);
  }

  /**
   * The labels as one canonical string (sorted, comma-separated), as the store keeps them, or
   * {@code null} for none.
   */
  public static String canonical(List<String> labels) {
    return labels.isEmpty() ? null : String.join(",", new TreeSet<>(labels));
  }
}
