package dev.weft.core.validate;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** "Did you mean" hints for misspelt names. */
public final class Suggestions {

  private static final int LISTED = 20;

  private Suggestions() {}

  /**
   * The candidate closest to {@code word}, if it is close enough to be a likely typo: a few edits
   * away, or else sharing a long start with it ({@code env} for {@code enviroment}, {@code
   * succeeded} for {@code sucess}).
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    if (word.isBlank()) {
      return Optional.empty();
    }
    String lower = word.toLowerCase(Locale.ROOT);
    int tolerated = Math.max(1, Math.min(3, word.length() / 3));
    Optional<String> edited =
        candidates.stream()
            .map(c -> new Scored(c, distance(lower, c.toLowerCase(Locale.ROOT))))
            .filter(scored -> scored.distance <= tolerated)
            .min(Comparator.comparingInt(Scored::distance))
            .map(Scored::candidate);
    if (edited.isPresent()) {
      return edited;
    }
    // Most shared start first; among equals, fewest edits (succeeded before succeeded-with-...).
    Comparator<Scored> order =
        Comparator.comparingInt(Scored::distance)
            .reversed()
            .thenComparingInt(sc -> distance(lower, sc.candidate.toLowerCase(Locale.ROOT)));
    List<Scored> byStart =
        candidates.stream()
            .map(c -> new Scored(c, sharedStart(lower, c.toLowerCase(Locale.ROOT))))
            .filter(sc ->
                sc.distance >= 3
                    && sc.distance * 2 >= Math.min(word.length(), sc.candidate.length()))
            .sorted(order)
            .toList();
    boolean unique =
        byStart.size() == 1
            || byStart.size() > 1 && order.compare(byStart.get(0), byStart.get(1)) < 0;
    return unique ? Optional.of(byStart.getFirst().candidate) : Optional.empty();
  }

  private static int sharedStart(String a, String b) {
    int n = 0;
    while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    return n;
  }

  private record Scored(String candidate, int distance) {}

  /**
   * {@code did you mean 'x'?} when a candidate is close, else the list of candidates.
   *
   * @param what what the candidates are, e.g. {@code known keys}
   */
  public static String didYouMean(String word, Collection<String> candidates, String what) {
    return closest(word, candidates)
        .map(c -> "did you mean '" + c + "'?")
        .orElseGet(
            () -> candidates.isEmpty() ? "there are no " + what : what + ": " + list(candidates));
  }

  /** The candidates sorted, at most {@value #LISTED} of them. */
  private static String list(Collection<String> candidates) {
    String shown = candidates.stream().sorted().limit(LISTED).collect(Collectors.joining(", "));
    return candidates.size() <= LISTED ? shown : shown + ", ... (" + candidates.size() + " in all)";
  }

  /** Levenshtein distance, with a transposition counted as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
