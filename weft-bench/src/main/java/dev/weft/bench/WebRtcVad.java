package dev.weft.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The WebRTC voice activity detector of Debian's {@code libwebrtc-audio-processing1}, called
 * through the FFM API: {@code WebRtcVad_Create}, {@code _Init}, {@code _set_mode}, {@code _Process}
 * and {@code _Free}. A peer for {@link VadBenchmark} and {@link VadAccuracy}.
 */
@SuppressWarnings("restricted") // native calls into the WebRTC library, by design
final class WebRtcVad implements AutoCloseable {

  static final String LIBRARY = "libwebrtc_audio_processing.so.1";

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIB = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
  private static final MethodHandle CREATE = handle("WebRtcVad_Create", ValueLayout.ADDRESS);
  private static final MethodHandle INIT =
      handle("WebRtcVad_Init", ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
  private static final MethodHandle SET_MODE =
      handle("WebRtcVad_set_mode", ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
  private static final MethodHandle PROCESS =
      handle(
          "WebRtcVad_Process",
          ValueLayout.JAVA_INT,
          ValueLayout.ADDRESS,
          ValueLayout.JAVA_INT,
          ValueLayout.ADDRESS,
          ValueLayout.JAVA_LONG);
  private static final MethodHandle FREE = voidHandle("WebRtcVad_Free", ValueLayout.ADDRESS);

  private final Arena arena = Arena.ofConfined();
  private final MemorySegment handle;
  private final MemorySegment frame;
  private final int rate;
  private final int length;

  /** A detector in {@code mode} (0 to 3) for frames of {@code length} samples at {@code rate}. */
  WebRtcVad(int rate, int length, int mode) {
    this.rate = rate;
    this.length = length;
    this.frame = arena.allocate(2L * length);
    try {
      handle = (MemorySegment) CREATE.invokeExact();
      check((int) INIT.invokeExact(handle), "Init");
      check((int) SET_MODE.invokeExact(handle, mode), "set_mode");
    } catch (Throwable e) {
      throw new IllegalStateException("WebRtcVad: " + e.getMessage(), e);
    }
  }

  /** Whether the frame (16-bit samples from {@code offset}) is speech. */
  boolean isSpeech(short[] samples, int offset) {
    MemorySegment.copy(samples, offset, frame, ValueLayout.JAVA_SHORT, 0, length);
    try {
      int result = (int) PROCESS.invokeExact(handle, rate, frame, (long) length);
      check(result < 0 ? result : 0, "Process");
      return result == 1;
    } catch (Throwable e) {
      throw new IllegalStateException("WebRtcVad: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      FREE.invokeExact(handle);
    } catch (Throwable e) {
      throw new IllegalStateException("WebRtcVad_Free: " + e.getMessage(), e);
    }
    arena.close();
  }

  private static void check(int result, String what) {
    if (result != 0) {
      throw new IllegalStateException("WebRtcVad_" + what + " returned " + result);
    }
  }

  private static MethodHandle handle(String name, ValueLayout result, ValueLayout... args) {
    return LINKER.downcallHandle(find(name), FunctionDescriptor.of(result, args));
  }

  private static MethodHandle voidHandle(String name, ValueLayout... args) {
    return LINKER.downcallHandle(find(name), FunctionDescriptor.ofVoid(args));
  }

  private static MemorySegment find(String name) {
    return LIB.find(name).orElseThrow(() -> new IllegalStateException(LIBRARY + " has no " + name));
  }
}
