package dev.weft.audio;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a WAV file Weft reads: its message names the file and what is wrong. */
final class BadWavException extends IOException {

  private static final long serialVersionUID = 1L;

  BadWavException(Path file, String problem) {
    super(file + ": " + problem);
  }
}
