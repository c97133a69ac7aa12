package dev.weft.stream.builtin;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of a text, none held longer than a limit: a longer line is read to its end without
 * being kept, and comes out with its length and first characters only, so a 100 MB line costs no
 * 100 MB string. Lines end at {@code \n}, {@code \r\n} or {@code \r}, as {@link
 * java.io.BufferedReader#readLine()} has them.
 */
final class Lines {

  /**
   * One line.
   *
   * @param number its number, from 1
   * @param text the line, or its first {@code max} characters when it is longer
   * @param length its length in characters
   */
  record Line(int number, String text, long length) {}

  private final Reader in;
  private final int max;
  private final char[] buffer = new char[8192];
  private int pos;
  private int end;
  private int number;
  private boolean afterCarriageReturn;

  Lines(Reader in, int max) {
    this.in = in;
    this.max = max;
  }

  /** The next line, or {@code null} at the end of the text. */
  Line next() throws IOException {
    StringBuilder text = new StringBuilder();
    long length = 0;
    while (true) {
      if (pos == end) {
        end = in.read(buffer);
        pos = 0;
        if (end <= 0) {
          end = 0;
          return length == 0 ? null : new Line(++number, text.toString(), length);
        }
      }
      char c = buffer[pos++];
      if (c == '\n' && afterCarriageReturn) {
        afterCarriageReturn = false;
        continue; // the \n of a \r\n
      }
      afterCarriageReturn = c == '\r';
      if (c == '\n' || c == '\r') {
        return new Line(++number, text.toString(), length);
      }
      if (++length <= max) {
        text.append(c);
      }
    }
  }
}
