package dev.weft.server.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * stdin as the SDK's stdio transport reads it: only lines that are JSON-RPC messages pass; any
 * other line is answered on stdout with the protocol's error (-32700 for what is not JSON, -32600
 * for what is not a message) and dropped, so that one bad line neither ends the session nor prints
 * a stack trace. Counts {@code ended} down when stdin ends.
 */
final class GuardedInput extends InputStream {

  private final BufferedReader lines;
  private final LineOutput out;
  private final CountDownLatch ended;
  private byte[] current = new byte[0];
  private int next;

  GuardedInput(InputStream in, LineOutput out, CountDownLatch ended) {
    this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.ended = ended;
  }

  @Override
  public int read() throws IOException {
    return fill() ? current[next++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.length - next);
    System.arraycopy(current, next, b, off, n);
    next += n;
    return n;
  }

  /** Whether there are bytes to give: the rest of a good line, or the next good one. */
  private boolean fill() throws IOException {
    while (next >= current.length) {
      String line = lines.readLine();
      if (line == null) {
        ended.countDown();
        return false;
      }
      if (line.isBlank()) {
        continue;
      }
      String error = problem(line);
      if (error != null) {
        out.writeLine(error);
        continue;
      }
      current = (line + "\n").getBytes(StandardCharsets.UTF_8);
      next = 0;
    }
    return true;
  }

  /** The error response to a line that is no JSON-RPC message, or null when it is one. */
  static String problem(String line) {
    JsonNode message;
    try {
      message = McpJson.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return error(null, -32700, "Parse error: " + e.getOriginalMessage());
    }
    if (message == null || !message.isObject()) {
      return error(null, -32600, "Invalid Request: a message is one JSON object on one line");
    }
    JsonNode id = message.get("id");
    if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
      return error(null, -32600, "Invalid Request: id must be a string or an integer");
    }
    if (!"2.0".equals(message.path("jsonrpc").asText(null))) {
      return error(id, -32600, "Invalid Request: jsonrpc must be exactly \"2.0\"");
    }
    boolean request = message.path("method").isTextual();
    boolean response = id != null && (message.has("result") || message.has("error"));
    if (!request && !response) {
      return error(id, -32600, "Invalid Request: method must be a string");
    }
    return null;
  }

  private static String error(JsonNode id, int code, String message) {
    ObjectNode response = McpJson.MAPPER.createObjectNode().put("jsonrpc", "2.0");
    response.set("id", id);
    response.putObject("error").put("code", code).put("message", message);
    if (id == null) {
      response.putNull("id");
    }
    return McpJson.text(response);
  }
}
