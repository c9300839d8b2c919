package org.brickbox.stages.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.brickbox.io.files.JournalFiles;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.Json;

/**
 * The render records of each task, written under {@code records/made/} as soon as its images are on disk. The
 * record shards are written only when the whole graph ends, so without these a run that fails or is killed (a lost
 * cluster, an out-of-memory index step an hour in) leaves its images with nothing that describes them, and the
 * next run renders everything again. With them the next run keeps every image whose bytes still match its record.
 * A run that finishes deletes them: its record shards then hold every record.
 */
public final class RenderJournal {
  /** Where the journal lies, relative to the output directory. */
  public static final String DIR = "records/made";

  private RenderJournal() {}

  /**
   * The journal file of a task, relative to the output directory: a retried task rewrites its own file; a part id
   * is kept readable, with a hash of it when characters had to be replaced.
   */
  static String fileOf(RenderTask task) {
    String part = task.partId().replaceAll("[^A-Za-z0-9._-]", "_");
    if (!part.equals(task.partId())) part += "-" + Hashes.sha256Hex(task.partId()).substring(0, 8);
    return DIR + "/" + part + "-v" + task.firstView() + "-" + task.viewCount() + ".jsonl";
  }

  /** Writes the records of a task's images (whole or not at all); nothing when none was made. */
  public static void write(String outputDir, RenderTask task, List<RenderRecord> records) throws IOException {
    if (records.isEmpty()) return;
    StringBuilder lines = new StringBuilder();
    for (RenderRecord r : records) lines.append(Json.line(r)).append('\n');
    OutputFiles.writeAtomically(OutputFiles.resolve(outputDir, fileOf(task)),
        lines.toString().getBytes(StandardCharsets.UTF_8), "application/jsonl");
  }

  /** The journal's files, oldest first (a later run's record of a key supersedes an earlier one's). */
  public static List<String> files(String outputDir) throws IOException {
    return JournalFiles.oldestFirst(outputDir, DIR, ".jsonl");
  }

  /** Deletes the journal: called once a run's record shards hold every record. */
  public static void clear(String outputDir) throws IOException {
    JournalFiles.clear(outputDir, DIR);
  }
}
