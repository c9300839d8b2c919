package org.brickbox.stages.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
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
  public static final String GLOB = DIR + "/*.jsonl";

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
    MatchResult result = FileSystems.match(OutputFiles.resolve(outputDir, GLOB).toString(),
        EmptyMatchTreatment.ALLOW);
    List<MatchResult.Metadata> found = new ArrayList<>();
    if (result.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : result.metadata()) {
        if (!m.resourceId().getFilename().startsWith(OutputFiles.TEMP_PREFIX)) found.add(m);
      }
    }
    found.sort((a, b) -> a.lastModifiedMillis() != b.lastModifiedMillis()
        ? Long.compare(a.lastModifiedMillis(), b.lastModifiedMillis())
        : a.resourceId().toString().compareTo(b.resourceId().toString()));
    return found.stream().map(m -> m.resourceId().toString()).toList();
  }

  /**
   * Deletes the journal, and its folder once nothing else is in it: called once a run's record shards hold every
   * record and every writer has finished.
   */
  public static void clear(String outputDir) throws IOException {
    List<ResourceId> files = new ArrayList<>();
    for (String uri : files(outputDir)) files.add(FileSystems.matchNewResource(uri, false));
    FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
    MatchResult left = FileSystems.match(OutputFiles.resolve(outputDir, DIR + "/*").toString(),
        EmptyMatchTreatment.ALLOW);
    if (left.status() == MatchResult.Status.OK && left.metadata().isEmpty()) {
      // A local folder; object stores have none and ignore this.
      FileSystems.delete(List.of(FileSystems.matchNewResource(OutputFiles.resolve(outputDir, DIR).toString(), true)),
          StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }
}
