package dev.weft.stream.ipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this JVM must not leave behind if it exits without closing them (Ctrl-C, {@code
 * System.exit}): the channel files it created and the node processes it started. One shutdown hook
 * deletes and kills whatever is still registered. (A {@code kill -9} runs no hook: the children
 * notice their parent is gone by themselves, and the files are reclaimed by the next start.)
 */
final class Cleanup {

  private static final Set<Path> FILES = ConcurrentHashMap.newKeySet();
  private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(Thread.ofPlatform().name("weft-ipc-cleanup").unstarted(Cleanup::run));
  }

  private Cleanup() {}

  static void file(Path file) {
    FILES.add(file);
  }

  static void fileGone(Path file) {
    FILES.remove(file);
  }

  static void process(Process process) {
    PROCESSES.add(process);
  }

  static void processGone(Process process) {
    PROCESSES.remove(process);
  }

  private static void run() {
    for (Process process : PROCESSES) {
      process.destroyForcibly();
    }
    for (Process process : PROCESSES) {
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Path file : FILES) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // exiting: nothing left to tell; the next start reclaims it
      }
    }
  }
}
