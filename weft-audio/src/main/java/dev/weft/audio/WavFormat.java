package dev.weft.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The layout of a WAV file's samples, read from its header: where the data chunk is and how its
 * samples are stored. Reads RIFF/WAVE files with PCM (16, 24, 32 bits) or 32-bit float samples,
 * plain or {@code WAVE_FORMAT_EXTENSIBLE}; rejects anything else with the file and the problem.
 *
 * @param sampleRate samples per second per channel
 * @param channels the number of channels
 * @param bits bits per stored sample: 16, 24 or 32
 * @param floating whether samples are IEEE floats (then {@code bits} is 32)
 * @param dataOffset where the first sample is, in bytes from the start of the file
 * @param dataLength the bytes of samples
 */
record WavFormat(
    int sampleRate, int channels, int bits, boolean floating, long dataOffset, long dataLength) {

  static final int PCM = 1;
  static final int FLOAT = 3;
  static final int EXTENSIBLE = 0xFFFE;

  /** Bytes per sample frame (one sample of every channel). */
  int blockAlign() {
    return channels * bits / 8;
  }

  /** The frame format samples are read into: 16-bit as i16, 24 and 32-bit as i32, float as f32. */
  SampleFormat frameFormat() {
    return floating ? SampleFormat.F32 : bits == 16 ? SampleFormat.I16 : SampleFormat.I32;
  }

  /** Reads the header of {@code file}, whose channel is positioned at 0. */
  static WavFormat read(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    ByteBuffer riff = readFully(file, channel, 0, 12, "the RIFF header");
    if (!tag(riff, 0).equals("RIFF") || !tag(riff, 8).equals("WAVE")) {
      String what =
          tag(riff, 0).equals("RF64")
              ? "an RF64 file (WAV over 4 GiB), which is not supported"
              : "not a RIFF WAVE file (it starts with '" + printable(riff) + "')";
      throw new BadWavException(file, what);
    }
    long riffLength = Integer.toUnsignedLong(riff.getInt(4));
    // 0 or 0xFFFFFFFF: written while streaming, before the length was known
    long declared = riffLength == 0 || riffLength == 0xFFFFFFFFL ? size : 8 + riffLength;
    ByteBuffer fmt = null;
    long position = 12;
    while (position + 8 <= declared) {
      ByteBuffer header = readFully(file, channel, position, 8, "a chunk header");
      String id = tag(header, 0);
      long length = Integer.toUnsignedLong(header.getInt(4));
      long body = position + 8;
      if (id.equals("data")) {
        if (fmt == null) {
          throw new BadWavException(file, "the data chunk comes before any fmt chunk");
        }
        WavFormat format = parse(file, fmt, body, length, Math.min(declared, size));
        if (declared > size) {
          throw new BadWavException(
              file,
              "the RIFF header says "
                  + declared
                  + " bytes but the file has "
                  + size
                  + " (a wrong chunk size)");
        }
        return format;
      }
      if (body + length > size) {
        throw new BadWavException(
            file,
            "truncated header: chunk '"
                + id
                + "' at byte "
                + position
                + " says "
                + length
                + " bytes but the file ends at byte "
                + size);
      }
      if (body + length > declared) {
        throw new BadWavException(
            file,
            "chunk '"
                + id
                + "' at byte "
                + position
                + " says "
                + length
                + " bytes, past the end the RIFF header gives (a wrong chunk size)");
      }
      if (id.equals("fmt ")) {
        if (length < 16) {
          throw new BadWavException(
              file, "the fmt chunk is " + length + " bytes; at least 16 are needed");
        }
        fmt = readFully(file, channel, body, (int) Math.min(length, 40), "the fmt chunk");
      }
      position = body + length + (length & 1);
    }
    throw new BadWavException(
        file,
        fmt == null
            ? "no fmt chunk: the header is truncated or not a WAV header"
            : "no data chunk: the file is truncated or has no samples");
  }

  private static WavFormat parse(Path file, ByteBuffer fmt, long body, long length, long end)
      throws BadWavException {
    int tag = Short.toUnsignedInt(fmt.getShort(0));
    int channels = Short.toUnsignedInt(fmt.getShort(2));
    int rate = fmt.getInt(4);
    int blockAlign = Short.toUnsignedInt(fmt.getShort(12));
    int bits = Short.toUnsignedInt(fmt.getShort(14));
    if (tag == EXTENSIBLE) {
      if (fmt.limit() < 26) {
        throw new BadWavException(
            file, "the fmt chunk says WAVE_FORMAT_EXTENSIBLE but is too short for its sub-format");
      }
      tag = Short.toUnsignedInt(fmt.getShort(24));
    }
    if (tag != PCM && tag != FLOAT) {
      throw new BadWavException(
          file,
          "unsupported codec "
              + codec(tag)
              + "; Weft reads PCM (16, 24, 32 bits) and 32-bit float WAV"
              + " (convert it, e.g. sox in.wav -e signed-integer -b 16 out.wav)");
    }
    boolean floating = tag == FLOAT;
    if (floating ? bits != 32 : bits != 16 && bits != 24 && bits != 32) {
      throw new BadWavException(
          file,
          "unsupported "
              + (floating ? "float" : "PCM")
              + " sample size of "
              + bits
              + " bits; Weft reads PCM of 16, 24 or 32 bits and 32-bit float"
              + " (convert it, e.g. sox in.wav -b 16 out.wav)");
    }
    if (channels < 1 || rate < 1) {
      throw new BadWavException(
          file, "the fmt chunk says " + channels + " channels at " + rate + " Hz");
    }
    WavFormat format = new WavFormat(rate, channels, bits, floating, body, length);
    if (blockAlign != format.blockAlign()) {
      throw new BadWavException(
          file,
          "the fmt chunk's block size is "
              + blockAlign
              + " bytes; "
              + channels
              + " channels of "
              + bits
              + " bits take "
              + format.blockAlign());
    }
    if (length == 0xFFFFFFFFL) {
      length = end - body; // written while streaming: the samples run to the end of the file
    }
    if (body + length > end) {
      throw new BadWavException(
          file,
          "the data chunk says "
              + length
              + " bytes but only "
              + (end - body)
              + " follow (a wrong chunk size, or a truncated file)");
    }
    if (length % blockAlign != 0) {
      throw new BadWavException(
          file,
          "the data chunk's "
              + length
              + " bytes are not a whole number of "
              + blockAlign
              + "-byte sample frames");
    }
    return new WavFormat(rate, channels, bits, floating, body, length);
  }

  private static String codec(int tag) {
    String name =
        switch (tag) {
          case 2 -> "Microsoft ADPCM";
          case 6 -> "A-law";
          case 7 -> "µ-law";
          case 0x11 -> "IMA ADPCM";
          case 0x31 -> "GSM 6.10";
          case 0x50 -> "MPEG";
          case 0x55 -> "MP3";
          default -> "format";
        };
    return name + " (format tag 0x" + Integer.toHexString(tag) + ")";
  }

  private static ByteBuffer readFully(
      Path file, FileChannel channel, long position, int length, String what) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new BadWavException(
            file,
            "truncated header: the file ends at byte "
                + (position + buffer.position())
                + ", inside "
                + what);
      }
    }
    return buffer.flip();
  }

  private static String tag(ByteBuffer buffer, int at) {
    byte[] bytes = new byte[4];
    buffer.get(at, bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static String printable(ByteBuffer buffer) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      int b = buffer.get(i) & 0xFF;
      text.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return text.toString();
  }
}
