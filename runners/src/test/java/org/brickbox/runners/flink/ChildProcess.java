package org.brickbox.runners.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a child process to its end within a deadline; one that overruns is killed with its descendants. */
final class ChildProcess {
  private ChildProcess() {}

  static Process start(ProcessBuilder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + builder.command(), e);
    }
  }

  /** Waits for {@code process}; returns its exit code, or fails after killing it when the deadline passes. */
  static int await(Process process, Duration timeout) {
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return process.exitValue();
      throw new IllegalStateException(process.info().command().orElse("process") + " ran past " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a child process", e);
    } finally {
      if (process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }

  static int run(ProcessBuilder builder, Duration timeout) {
    return await(start(builder), timeout);
  }
}
