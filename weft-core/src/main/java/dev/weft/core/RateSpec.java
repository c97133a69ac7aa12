package dev.weft.core;

/**
 * A rate limit on starting tasks: a token bucket that fills at {@code perSecond} up to {@code
 * burst}; a task takes one token to start, and waits while there is none.
 *
 * @param key {@code user} (a bucket per user), {@code type} (per node type), or a bucket's name
 * @param perSecond tokens added a second
 * @param burst the most tokens the bucket holds
 */
public record RateSpec(String key, double perSecond, int burst) {

  /** The bucket a task with this user and type draws from. */
  public String bucket(String user, String type) {
    return switch (key) {
      case "user" -> "user:" + (user == null ? "" : user);
      case "type" -> "type:" + type;
      default -> key;
    };
  }
}
