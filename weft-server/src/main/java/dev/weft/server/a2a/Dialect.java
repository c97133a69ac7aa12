package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The two versions of A2A's JSON spoken at {@code /a2a}: 1.0 (ProtoJSON: {@code
 * TASK_STATE_COMPLETED}, {@code ROLE_AGENT}, parts without a kind) and 0.3 ({@code completed},
 * {@code agent}, {@code kind} on parts, messages and tasks).
 */
enum Dialect {
  V1_0("1.0"),
  V0_3("0.3");

  /** The header (or query parameter) that names the version a request speaks. */
  static final String HEADER = "A2A-Version";

  private final String version;

  Dialect(String version) {
    this.version = version;
  }

  /** Its {@code Major.Minor}. */
  String version() {
    return version;
  }

  /**
   * The version a request asks for: none or empty is 0.3, as the specification says; {@code
   * Major.Minor} matches (a patch number is ignored).
   *
   * @throws A2aError VersionNotSupportedError for any other
   */
  static Dialect of(String header) {
    if (header == null || header.isBlank()) {
      return V0_3;
    }
    String v = header.trim();
    for (Dialect d : values()) {
      if (v.equals(d.version) || v.startsWith(d.version + ".")) {
        return d;
      }
    }
    throw new A2aError(
        A2aError.VERSION_NOT_SUPPORTED,
        "A2A version " + v + " is not supported; send A2A-Version: 1.0 or 0.3",
        "A2A-Version",
        "supported: 1.0, 0.3");
  }

  /** A task state as this version writes it. */
  String state(TaskState state) {
    return this == V1_0
        ? "TASK_STATE_" + state.name()
        : state.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The state a request names, in either version's spelling; null for none. */
  static TaskState parseState(String given) {
    if (given == null || given.isBlank()) {
      return null;
    }
    String name =
        given.trim().toUpperCase(Locale.ROOT).replace('-', '_').replaceFirst("^TASK_STATE_", "");
    try {
      return TaskState.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw A2aError.invalidParams(
          "status", "a task state such as TASK_STATE_WORKING or TASK_STATE_COMPLETED");
    }
  }

  /** The agent's role. */
  String agentRole() {
    return this == V1_0 ? "ROLE_AGENT" : "agent";
  }

  /** A part holding this JSON value. */
  ObjectNode dataPart(JsonNode value) {
    ObjectNode part = A2aJson.object();
    if (this == V1_0) {
      part.set("data", value);
      part.put("mediaType", "application/json");
    } else {
      part.put("kind", "data");
      // 0.3 data parts hold objects only.
      part.set("data", value.isObject() ? value : A2aJson.object().set("value", value));
    }
    return part;
  }

  /** A part holding this text. */
  ObjectNode textPart(String text) {
    ObjectNode part = A2aJson.object();
    if (this == V0_3) {
      part.put("kind", "text");
    }
    return part.put("text", text);
  }

  /** Marks an object as a {@code task} or {@code message}, as 0.3 does (1.0 does not). */
  ObjectNode kind(ObjectNode node, String kind) {
    if (this == V0_3) {
      node.put("kind", kind);
    }
    return node;
  }

  /** SendMessage's result: 1.0 wraps the task as {@code {"task": ...}}, 0.3 answers the task. */
  JsonNode sendResult(ObjectNode task) {
    return this == V1_0 ? A2aJson.object().set("task", task) : task;
  }
}
