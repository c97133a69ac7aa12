package dev.weft.audio;

import dev.weft.core.Node;
import dev.weft.stream.RejectedMessageException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Writes {@link AudioFrame}s to a WAV file in one {@link Encoding}; rate and channels come from the
 * first frame. Frames already in the file's encoding are written as they are; others are converted
 * (rounded and clipped as {@code audio.format} does). The sizes in the header are written on close.
 */
final class WavWriter implements Closeable {

  /** How samples are stored in the file. */
  enum Encoding {
    I16(16, false),
    I24(24, false),
    I32(32, false),
    F32(32, true);

    final int bits;
    final boolean floating;

    Encoding(int bits, boolean floating) {
      this.bits = bits;
      this.floating = floating;
    }

    /** The name used in manifests. */
    String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The encoding a manifest names, or {@code null}. */
    static Encoding byId(String id) {
      for (Encoding encoding : values()) {
        if (encoding.id().equals(id)) {
          return encoding;
        }
      }
      return null;
    }

    /**
     * The encoding {@code node}'s {@code format} key names, or {@code null} when it names none.
     *
     * @throws IllegalArgumentException when it names something else, saying what it may be
     */
    static Encoding ofNode(Node node) {
      Object name = node.with().get("format");
      Encoding chosen = name == null ? null : byId(name.toString());
      if (name != null && chosen == null) {
        throw new IllegalArgumentException(
            "node " + node.id() + ": format must be i16, i24, i32 or f32, not '" + name + "'");
      }
      return chosen;
    }

    /** The encoding that stores {@code format} as it is. */
    static Encoding of(SampleFormat format) {
      return switch (format) {
        case I16 -> I16;
        case I32 -> I32;
        case F32 -> F32;
      };
    }
  }

  private static final long MAX_DATA = 0xFFFFFFFFL - 64;
  private static final double I24_SCALE = 8388608.0;

  private final Path file;
  private final FileChannel channel;
  private final Encoding encoding;
  private int sampleRate;
  private int channels;
  private long written;

  WavWriter(Path file, Encoding encoding) throws IOException {
    this.file = file;
    this.encoding = encoding;
    this.channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
  }

  /** Appends a frame; its rate and channels must be those of the first. */
  void write(AudioFrame input) throws IOException, RejectedMessageException {
    AudioFrame frame = input.interleaved();
    if (sampleRate == 0) {
      sampleRate = frame.sampleRate();
      channels = frame.channels();
      channel.write(header(0), 0);
    } else if (frame.sampleRate() != sampleRate || frame.channels() != channels) {
      throw new RejectedMessageException(
          String.format(
              "%s: frame %d is %s; the file is %s (put an audio.format or a resampler before the"
                  + " sink)",
              file,
              frame.sequence(),
              layout(frame.sampleRate(), frame.channels()),
              layout(sampleRate, channels)));
    }
    ByteBuffer bytes = encode(frame);
    if (written + bytes.remaining() > MAX_DATA) {
      throw new RejectedMessageException(file + ": over 4 GiB of samples, more than a WAV holds");
    }
    long at = headerLength() + written;
    written += bytes.remaining();
    while (bytes.hasRemaining()) {
      at += channel.write(bytes, at);
    }
  }

  private static String layout(int rate, int channels) {
    return rate
        + " Hz "
        + (channels == 1 ? "mono" : channels == 2 ? "stereo" : channels + " channels");
  }

  private ByteBuffer encode(AudioFrame frame) {
    if (Encoding.of(frame.format()) == encoding) {
      return frame.samples();
    }
    int count = frame.length() * frame.channels();
    ByteBuffer out = ByteBuffer.allocate(count * encoding.bits / 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      double x = frame.sample(i);
      switch (encoding) {
        case I16 -> SampleFormat.I16.write(out, i, x);
        case I32 -> SampleFormat.I32.write(out, i, x);
        case F32 -> SampleFormat.F32.write(out, i, x);
        case I24 -> {
          double scaled = Double.isNaN(x) ? 0 : Math.rint(x * I24_SCALE);
          int s = (int) Math.max(-I24_SCALE, Math.min(I24_SCALE - 1, scaled));
          out.put(i * 3, (byte) s).put(i * 3 + 1, (byte) (s >> 8)).put(i * 3 + 2, (byte) (s >> 16));
        }
      }
    }
    return out;
  }

  private int headerLength() {
    return encoding.floating ? 58 : 44;
  }

  /** RIFF, fmt (and fact for floats, which WAV requires for non-PCM) and the data chunk header. */
  private ByteBuffer header(long dataLength) {
    int blockAlign = channels * encoding.bits / 8;
    ByteBuffer h = ByteBuffer.allocate(headerLength()).order(ByteOrder.LITTLE_ENDIAN);
    h.put(ascii("RIFF"))
        .putInt((int) (headerLength() - 8 + dataLength + (dataLength & 1)))
        .put(ascii("WAVE"));
    h.put(ascii("fmt ")).putInt(encoding.floating ? 18 : 16);
    h.putShort((short) (encoding.floating ? WavFormat.FLOAT : WavFormat.PCM));
    h.putShort((short) channels).putInt(sampleRate).putInt(sampleRate * blockAlign);
    h.putShort((short) blockAlign).putShort((short) encoding.bits);
    if (encoding.floating) {
      h.putShort((short) 0);
      h.put(ascii("fact")).putInt(4).putInt((int) (dataLength / blockAlign));
    }
    h.put(ascii("data")).putInt((int) dataLength);
    return h.flip();
  }

  private static byte[] ascii(String tag) {
    return tag.getBytes(StandardCharsets.US_ASCII);
  }

  /** Writes the header's sizes (a file that got no frame gets none) and closes the file. */
  @Override
  public void close() throws IOException {
    try (channel) {
      if (sampleRate != 0) {
        if ((written & 1) == 1) {
          channel.write(ByteBuffer.allocate(1), headerLength() + written);
        }
        channel.write(header(written), 0);
      }
    }
  }
}
