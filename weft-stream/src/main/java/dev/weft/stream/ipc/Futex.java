package dev.weft.stream.ipc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Sleeping on a 32-bit word of a shared mapping, and waking its sleeper from another process: the
 * Linux {@code futex} system call (shared, not private, so it works across processes), reached
 * through the FFM linker. Elsewhere, or when native access is not allowed, a timed park stands in:
 * slower to wake, still correct, because every sleep has a timeout.
 */
final class Futex {

  private static final int FUTEX_WAIT = 0;
  private static final int FUTEX_WAKE = 1;
  private static final MethodHandle SYSCALL = syscall().orElse(null);
  private static final long SYS_FUTEX = sysFutex();

  private Futex() {}

  @SuppressWarnings("restricted") // a downcall to libc's syscall(), with checked arguments
  private static Optional<MethodHandle> syscall() {
    try {
      if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
        return Optional.empty();
      }
      Linker linker = Linker.nativeLinker();
      return linker
          .defaultLookup()
          .find("syscall")
          .map(address ->
              linker.downcallHandle(
                  address,
                  FunctionDescriptor.of(
                      ValueLayout.JAVA_LONG,
                      ValueLayout.JAVA_LONG,
                      ValueLayout.JAVA_LONG,
                      ValueLayout.JAVA_LONG,
                      ValueLayout.JAVA_LONG,
                      ValueLayout.JAVA_LONG),
                  Linker.Option.firstVariadicArg(1)));
    } catch (RuntimeException e) { // no native access, no such symbol
      return Optional.empty();
    }
  }

  private static long sysFutex() {
    return switch (System.getProperty("os.arch", "")) {
      case "amd64", "x86_64" -> 202;
      case "aarch64", "riscv64" -> 98;
      default -> -1;
    };
  }

  /** Whether sleeping and waking go through the kernel (else a timed park stands in). */
  static boolean inKernel() {
    return SYSCALL != null && SYS_FUTEX > 0;
  }

  /**
   * Sleeps while the int at {@code offset} of {@code segment} holds {@code expected}, for at most
   * {@code timeoutNanos}; returns early when woken, when the word has changed, or spuriously.
   */
  static void await(MemorySegment segment, long offset, int expected, long timeoutNanos) {
    if (!inKernel()) {
      LockSupport.parkNanos(Math.min(timeoutNanos, 1_000_000));
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment timespec = arena.allocate(16, 8);
      timespec.set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
      timespec.set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
      futex(segment.address() + offset, FUTEX_WAIT, expected, timespec.address());
    }
  }

  /** Wakes every process sleeping on the int at {@code offset} of {@code segment}. */
  static void wake(MemorySegment segment, long offset) {
    if (!inKernel()) {
      return;
    }
    futex(segment.address() + offset, FUTEX_WAKE, Integer.MAX_VALUE, 0);
  }

  /** The system call; its result (woken, timed out, value changed, interrupted) is not needed. */
  private static void futex(long address, int op, int value, long timeout) {
    try {
      long unused =
          (long) SYSCALL.invokeExact(SYS_FUTEX, address, (long) op, (long) value, timeout);
    } catch (Throwable e) {
      throw new IllegalStateException("futex call failed: " + e, e);
    }
  }
}
