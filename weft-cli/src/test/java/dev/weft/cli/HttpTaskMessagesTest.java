package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An {@code http} task that cannot reach its server says why, in words, against real sockets. */
class HttpTaskMessagesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final List<Socket> held = new ArrayList<>();
  private final List<ServerSocket> servers = new ArrayList<>();

  @AfterEach
  void close() throws IOException {
    for (Socket s : held) {
      s.close();
    }
    for (ServerSocket s : servers) {
      s.close();
    }
  }

  @Test
  void aClosedPortIsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/x";

    assertThat(errorOf(url, "")).isEqualTo("connection refused: " + url);
  }

  @Test
  void aServerThatNeverAnswersIsATimeout() throws Exception {
    ServerSocket silent = server();
    Thread.ofPlatform()
        .daemon()
        .start(() -> {
          try {
            held.add(silent.accept()); // accepted, never answered
          } catch (IOException closed) {
            // the test is over
          }
        });
    String url = "http://127.0.0.1:" + silent.getLocalPort() + "/slow";

    // On a busy machine the timeout may fire while the client is still connecting.
    assertThat(errorOf(url, ", timeout: 300ms"))
        .matches("(no response|could not connect) within 300ms: " + Pattern.quote(url));
  }

  @Test
  void anUnresolvableHostIsAnUnknownHost() throws Exception {
    String url = "http://no-such-host.invalid/x";

    assertThat(errorOf(url, "")).isEqualTo("unknown host 'no-such-host.invalid': " + url);
  }

  @Test
  void aServerThatDoesNotSpeakTlsIsATlsError() throws Exception {
    ServerSocket plain = server();
    Thread.ofPlatform()
        .daemon()
        .start(() -> {
          // A plain HTTP server: for every connection it reads what it takes for a request (the
          // TLS hello), answers 400 in plain text and closes. Every one, not just the first:
          // the client retries a GET whose connection closed, and a second connection that no
          // one answers would end as a connect timeout instead.
          while (!plain.isClosed()) {
            try (Socket s = plain.accept();
                OutputStream out = s.getOutputStream()) {
              s.getInputStream().read(new byte[1024]);
              out.write(
                  "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
              out.flush();
            } catch (IOException closed) {
              // the client went away, or the test is over
            }
          }
        });
    String url = "https://127.0.0.1:" + plain.getLocalPort() + "/x";

    assertThat(errorOf(url, "")).startsWith("TLS error (").endsWith("): " + url);
  }

  private ServerSocket server() throws IOException {
    ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    servers.add(server);
    return server;
  }

  /** Runs one {@code http} task to {@code url} and returns the error its run reports. */
  private String errorOf(String url, String extraConfig) throws Exception {
    Path manifest = dir.resolve("call.yaml");
    Files.writeString(
        manifest,
        "weft: 1\nname: call\nkind: tasks\nnodes:\n"
            + "  - { id: call, type: http, with: { url: \""
            + url
            + "\""
            + extraConfig
            + " }, retry: { attempts: 1 } }\n");
    Cli.Result r =
        Cli.run("run", manifest.toString(), "--json", "--db", dir.resolve("w.db").toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    JsonNode task = JSON.readTree(r.out()).get("tasks").get(0);
    return task.get("error").asText().replaceFirst(" \\(gave up after .*\\)$", "");
  }
}
