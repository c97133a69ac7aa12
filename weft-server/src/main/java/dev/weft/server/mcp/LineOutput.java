package dev.weft.server.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * stdout for newline-delimited messages: bytes reach it a whole line at a time, so the SDK's
 * messages and the errors {@link GuardedInput} answers with never interleave.
 */
final class LineOutput extends OutputStream {

  private final OutputStream out;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LineOutput(OutputStream out) {
    this.out = out;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == '\n') {
      line.writeTo(out);
      out.flush();
      line.reset();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  /** Writes one message of its own, between whole lines. */
  synchronized void writeLine(String message) throws IOException {
    out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
