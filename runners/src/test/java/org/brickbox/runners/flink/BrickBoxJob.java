package org.brickbox.runners.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./brickbox run ...} as users launch it: the shaded job jar in its own JVM, with output captured to a
 * log file that a failed assertion quotes.
 */
final class BrickBoxJob {
  /** The self-contained jar users launch; {@code ./brickbox} runs the same one. */
  static final Path JAR =
      Path.of(System.getProperty("brickbox.jar", "target/brickbox-all.jar")).toAbsolutePath();
  /**
   * A hang guard, not a speed limit: a 720-image job takes about 1.5 minutes on an idle 2-core machine and passed
   * 4 minutes on one shared with a Blender render and two builds, so the guard leaves room for a loaded machine.
   */
  private static final Duration TIMEOUT = Duration.ofMinutes(15);

  private final Process process;
  private final Path log;

  private BrickBoxJob(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code run} with {@code args} in {@code workingDir}; its console goes to {@code log}. */
  static BrickBoxJob start(Path workingDir, Path log, List<String> args) {
    if (!Files.isRegularFile(JAR)) throw new IllegalStateException("no job jar at " + JAR + "; run mvn package");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar", JAR.toString(), "run"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    return new BrickBoxJob(ChildProcess.start(builder), log);
  }

  /** Runs to the end and fails, quoting the job's console, unless it exits 0. */
  static void run(Path workingDir, Path log, List<String> args) {
    start(workingDir, log, args).awaitSuccess();
  }

  boolean isRunning() {
    return process.isAlive();
  }

  void awaitSuccess() {
    int exit = ChildProcess.await(process, TIMEOUT);
    if (exit != 0) throw new AssertionError("brickbox run exited with " + exit + ":\n" + console());
  }

  String console() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
