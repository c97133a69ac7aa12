package dev.weft.server;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request bodies up to a limit. A body over it is read on and thrown away (up to {@link
 * #DRAIN_LIMIT} more) before the refusal is sent: a server that answers and closes while the client
 * is still sending makes the client lose the answer (it sees the connection reset, not the 413).
 */
public final class RequestBodies {

  /** How much of a refused body is read and thrown away, at most, so that its sender hears why. */
  static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  private RequestBodies() {}

  /** The body, or {@code null} when it is larger than {@code max} bytes. */
  public static byte[] read(HttpServletRequest request, long max) throws IOException {
    long declared = request.getContentLengthLong();
    try (InputStream in = request.getInputStream()) {
      if (declared > max) {
        if (declared <= DRAIN_LIMIT) {
          drain(in);
        }
        return null;
      }
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (body.length > max) {
        drain(in);
        return null;
      }
      return body;
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = DRAIN_LIMIT;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
      left -= n;
    }
  }
}
