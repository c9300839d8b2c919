package org.brickbox.pipeline.cli;

import java.io.IOException;
import java.util.List;
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
      throw new CliException("cannot read " + name + " in " + out + " (has a run written there?): " + e.getMessage(),
          BrickBoxCli.USAGE);
    }
  }

  static Manifest manifest(String out) {
    return Json.read(bytes(out, Manifest.FILE), Manifest.class);
  }

  static List<OperationLogRecord> operationLogs(String out) {
    String text = new String(bytes(out, "operation_logs.jsonl"), java.nio.charset.StandardCharsets.UTF_8);
    return text.lines().filter(l -> !l.isBlank()).map(l -> Json.read(l, OperationLogRecord.class)).toList();
  }
}
