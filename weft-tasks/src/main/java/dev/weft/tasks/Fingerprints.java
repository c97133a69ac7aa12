package dev.weft.tasks;

import dev.weft.core.Node;
import dev.weft.core.expr.Expression;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a task with {@code cache:} is known by in the result cache: with {@code key: auto}, the hash
 * of its type, config and inputs; with an expression, of its type and the expression's value over
 * {@code params}, {@code results} and {@code status}.
 */
public final class Fingerprints {

  private Fingerprints() {}

  /**
   * The fingerprint of {@code node}.
   *
   * @param params the run parameters
   * @param inputsJson the results of its dependencies that succeeded, as JSON, by node id
   * @param results the same results, read
   * @param statuses the status of every dependency, by node id
   */
  public static String of(
      Node node,
      Map<String, String> params,
      Map<String, String> inputsJson,
      Map<String, Object> results,
      Map<String, Object> statuses) {
    Map<String, Object> identity = new TreeMap<>();
    identity.put("type", node.type());
    String key = node.tasks().cache().key();
    if (key == null || key.equals("auto")) {
      identity.put("with", node.with());
      identity.put("inputs", new TreeMap<>(inputsJson));
    } else {
      identity.put(
          "key",
          Expression.parse(key)
              .evaluate(Map.of("params", params, "results", results, "status", statuses)));
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(Json.write(identity).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
