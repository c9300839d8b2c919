package org.brickbox.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Library warnings logged during a run go to the run's log file, not the terminal, through the real logger. */
class RunLogTest {
  @Test
  void aLibraryWarningGoesToTheRunsLogAndTheTerminalGetsItBack(@TempDir Path out) throws Exception {
    PrintStream terminal = System.err;
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    System.setErr(new PrintStream(seen, true, StandardCharsets.UTF_8));
    try {
      String summary;
      Path file;
      try (RunLog log = RunLog.open(out.toString())) {
        LoggerFactory.getLogger("org.apache.flink.SomeOperator")
            .warn("The operator name exceeded the 80 characters length limit and was truncated.");
        log.console().println("progress line");
        summary = log.summary();
        file = log.path();
      }
      assertEquals(out.resolve("logs"), file.getParent());
      assertTrue(Files.readString(file).contains("WARN org.apache.flink.SomeOperator - The operator name exceeded"),
          Files.readString(file));
      String console = seen.toString(StandardCharsets.UTF_8);
      assertEquals("progress line\n", console, "only BrickBox's own line reached the terminal");
      assertTrue(summary.startsWith("library log: 1 lines in " + file), summary);
      LoggerFactory.getLogger("after").warn("after the run");
      assertTrue(seen.toString(StandardCharsets.UTF_8).contains("after the run"), "stderr is restored");
    } finally {
      System.setErr(terminal);
    }
  }

  @Test
  void aRunThatLoggedNothingLeavesNoLogFile(@TempDir Path out) {
    Path file;
    String summary;
    try (RunLog log = RunLog.open(out.toString())) {
      file = log.path();
      summary = log.summary();
    }
    assertNull(summary);
    assertFalse(Files.exists(file));
  }
}
