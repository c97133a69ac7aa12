package dev.weft.cli;

import java.io.PrintWriter;
import java.util.List;

/** Lines on a terminal that are drawn over the previous drawing of them (a live view). */
final class Redraw {

  private final PrintWriter out;
  private int drawn;

  Redraw(PrintWriter out) {
    this.out = out;
  }

  /** Moves up over the last drawing, clears below, and draws {@code lines}. */
  synchronized void draw(List<String> lines) {
    StringBuilder frame = new StringBuilder();
    if (drawn > 0) {
      frame.append("\033[").append(drawn).append('A');
    }
    frame.append('\r').append("\033[J");
    lines.forEach(line -> frame.append(line).append('\n'));
    out.print(frame);
    out.flush();
    drawn = lines.size();
  }
}
