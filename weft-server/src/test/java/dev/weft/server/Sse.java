package dev.weft.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real client of a Server-Sent Events stream: reads it message by message as it arrives. */
final class Sse implements AutoCloseable {

  /** One message: its id and event lines (or null) and its data. */
  record Message(String id, String event, String data) {}

  final HttpResponse<InputStream> response;
  private final BufferedReader reader;
  final List<String> comments = new ArrayList<>();

  private Sse(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }

  /** Opens {@code GET uri} with these headers. */
  static Sse get(HttpClient client, URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    headers.forEach(request::header);
    return new Sse(client.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  /** Sends {@code POST uri} with a JSON body, and reads the answer as a stream. */
  static Sse post(HttpClient client, URI uri, String json) throws Exception {
    return post(client, uri, json, Map.of());
  }

  /**
   * Sends {@code POST uri} with a JSON body and these headers, and reads the answer as a stream.
   */
  static Sse post(HttpClient client, URI uri, String json, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream");
    headers.forEach(request::header);
    HttpRequest built = request.POST(HttpRequest.BodyPublishers.ofString(json)).build();
    return new Sse(client.send(built, HttpResponse.BodyHandlers.ofInputStream()));
  }

  /** Every message up to the stream's end. */
  List<Message> rest() throws IOException {
    List<Message> messages = new ArrayList<>();
    for (Message m; (m = next()) != null; ) {
      messages.add(m);
    }
    return messages;
  }

  /** The next message, or null when the stream ended; comments are kept in {@link #comments}. */
  Message next() throws IOException {
    String id = null;
    String event = null;
    StringBuilder data = null;
    for (String line; (line = reader.readLine()) != null; ) {
      if (line.isEmpty()) {
        if (data != null) {
          return new Message(id, event, data.toString());
        }
        continue; // a comment's or retry's end
      }
      if (line.startsWith(":")) {
        comments.add(line);
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(6));
      }
    }
    return null;
  }

  /** Reads on to the next comment line, skipping anything else, and returns it. */
  String nextComment() throws IOException {
    for (String line; (line = reader.readLine()) != null; ) {
      if (line.startsWith(":")) {
        comments.add(line);
        return line;
      }
    }
    throw new AssertionError("the stream ended without a comment");
  }

  /** The next {@code count} messages. */
  List<Message> next(int count) throws IOException {
    List<Message> messages = new ArrayList<>();
    while (messages.size() < count) {
      Message m = next();
      if (m == null) {
        throw new AssertionError("the stream ended after " + messages);
      }
      messages.add(m);
    }
    return messages;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
