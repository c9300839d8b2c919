package org.brickbox.pipeline.cli;

import java.io.IOException;
import java.util.function.Consumer;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.OperationLogRecord;

/** Reads what a finished (or failed) run left in its output directory, with errors a user can act on. */
final class RunOutputs {
  private RunOutputs() {}

  static byte[] bytes(String out, String name) {
    try {
      return OutputFiles.read(OutputFiles.resolve(out, name));
    } catch (IOException e) {
      throw unreadable(out, name, e);
    }
  }

  static Manifest manifest(String out) {
    return Json.read(bytes(out, Manifest.FILE), Manifest.class);
  }

  /** Each record of {@code operation_logs.jsonl}, read as it goes (a whole-library run's log is hundreds of MB). */
  static void forEachOperationLog(String out, Consumer<OperationLogRecord> consumer) {
    String name = "operation_logs.jsonl";
    try {
      OutputFiles.forEachLine(OutputFiles.resolve(out, name),
          line -> consumer.accept(Json.read(line, OperationLogRecord.class)));
    } catch (IOException e) {
      throw unreadable(out, name, e);
    }
  }

  private static CliException unreadable(String out, String name, IOException e) {
    return new CliException("cannot read " + name + " in " + out + " (has a run written there?): " + e.getMessage(),
        BrickBoxCli.USAGE);
  }
}
