package org.brickbox.pipeline.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * While a run goes, what the libraries log (Beam's and Flink's warnings: operator names truncated, checkpointing
 * off, ...) goes to {@code OUT/logs/run-<time>.log} instead of flooding the terminal, where BrickBox's progress and
 * summary stay. The logger (slf4j-simple) writes each line to whatever {@code System.err} is at that moment, so the
 * log moves with {@code System.err}; BrickBox's own output is handed {@link #console()} instead. An output that is
 * not a local folder (s3://...) gets its log in the system's temporary folder.
 */
final class RunLog implements AutoCloseable {
  private final PrintStream console;
  private final PrintStream file;
  private final Path path;

  private RunLog(PrintStream console, PrintStream file, Path path) {
    this.console = console;
    this.file = file;
    this.path = path;
  }

  static RunLog open(String outDir) {
    Path dir = outDir.contains("://") ? Path.of(System.getProperty("java.io.tmpdir"), "brickbox-logs")
        : Path.of(outDir, "logs");
    Path path = dir.resolve("run-" + ZonedDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")) + ".log");
    try {
      Files.createDirectories(dir);
      PrintStream file = new PrintStream(new FileOutputStream(path.toFile(), true), true, StandardCharsets.UTF_8);
      PrintStream console = System.err;
      System.setErr(file);
      return new RunLog(console, file, path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the run's log " + path, e);
    }
  }

  /** The terminal's error stream, for progress and BrickBox's own messages. */
  PrintStream console() {
    return console;
  }

  Path path() {
    return path;
  }

  /** Where the libraries' lines went, or null when they wrote none (the empty log is removed). */
  String summary() {
    try {
      long lines = Files.exists(path) ? Files.lines(path).count() : 0;
      if (lines == 0) {
        Files.deleteIfExists(path);
        return null;
      }
      return "library log: " + lines + " lines in " + path + " (--verbose shows them on the terminal)";
    } catch (IOException | UncheckedIOException e) {
      return "library log: " + path;
    }
  }

  @Override
  public void close() {
    System.setErr(console);
    file.close();
  }
}
