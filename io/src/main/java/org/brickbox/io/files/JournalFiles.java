package org.brickbox.io.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A folder of an output where a stage records its work as it makes it (each file written whole by
 * {@link OutputFiles#writeAtomically}), so that a run that fails or is killed before its final outputs are written
 * leaves what it made described, and a later run can keep it. A run that finishes clears it.
 */
public final class JournalFiles {
  private JournalFiles() {}

  /**
   * The journal's files in {@code dir} (relative to {@code outputDir}) whose names end with {@code suffix}, oldest
   * first: a later run's record of the same work supersedes an earlier one's. Temporaries are not listed.
   */
  public static List<String> oldestFirst(String outputDir, String dir, String suffix) throws IOException {
    MatchResult result = FileSystems.match(OutputFiles.resolve(outputDir, dir + "/*" + suffix).toString(),
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
   * Deletes every file of the journal in {@code dir}, and the folder once nothing else is in it: called once the
   * run's final outputs hold what the journal described and every writer has finished.
   */
  public static void clear(String outputDir, String dir) throws IOException {
    List<ResourceId> files = new ArrayList<>();
    for (String uri : oldestFirst(outputDir, dir, "")) files.add(FileSystems.matchNewResource(uri, false));
    FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
    MatchResult left = FileSystems.match(OutputFiles.resolve(outputDir, dir + "/*").toString(),
        EmptyMatchTreatment.ALLOW);
    if (left.status() == MatchResult.Status.OK && left.metadata().isEmpty()) {
      // A local folder; object stores have none and ignore this.
      FileSystems.delete(List.of(FileSystems.matchNewResource(OutputFiles.resolve(outputDir, dir).toString(), true)),
          StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }
}
