package org.brickbox.io.files;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Writes outputs through Beam {@link FileSystems} (local paths today, any registered scheme later) so that a
 * reader never sees a partial file: bytes go to a hidden temporary sibling which is then renamed over the
 * final name. A rerun therefore replaces an output rather than duplicating or truncating it.
 */
public final class OutputFiles {
  public static final String TEMP_PREFIX = ".tmp-";
  /** What a streamed output is gathered into before each write to the file system. */
  private static final int WRITE_BUFFER = 64 * 1024;

  private OutputFiles() {}

  /** Resolves {@code relative} (slash-separated) against the directory {@code base}. */
  public static ResourceId resolve(String base, String relative) {
    ResourceId dir = FileSystems.matchNewResource(base, true);
    String[] parts = relative.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      dir = dir.resolve(parts[i], StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    return dir.resolve(parts[parts.length - 1], StandardResolveOptions.RESOLVE_FILE);
  }

  public static void writeAtomically(ResourceId target, byte[] bytes, String mimeType) throws IOException {
    writeAtomically(target, mimeType, out -> out.write(bytes));
  }

  /**
   * Copies a local file (one a library wrote, such as Lucene's graph) into place, streamed: read whole, a large file
   * would borrow a direct buffer as large as itself ({@link LargeFiles}).
   */
  public static void copyAtomically(Path source, ResourceId target, String mimeType) throws IOException {
    writeAtomically(target, mimeType, out -> Files.copy(source, out));
  }

  /**
   * Streams a larger output to a temporary sibling, then renames it into place. The writer's stream is buffered:
   * writers go a line or a row at a time, and none needs to hold its whole file in memory.
   */
  public static void writeAtomically(ResourceId target, String mimeType, StreamWriter writer) throws IOException {
    ResourceId temp =
        target.getCurrentDirectory()
            .resolve(TEMP_PREFIX + UUID.randomUUID() + "-" + target.getFilename(), StandardResolveOptions.RESOLVE_FILE);
    try {
      try (OutputStream out =
          new BufferedOutputStream(Channels.newOutputStream(FileSystems.create(temp, mimeType)), WRITE_BUFFER)) {
        writer.write(out);
      }
      FileSystems.rename(List.of(temp), List.of(target));
    } catch (IOException | RuntimeException e) {
      FileSystems.delete(List.of(temp), StandardMoveOptions.IGNORE_MISSING_FILES);
      throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the temporary files under {@code base} and returns how many there were. A writer killed between
   * writing and renaming (a lost worker) leaves one that its retry never renames; call this only once every
   * writer of the run has finished.
   */
  public static int deleteTemporaries(String base) throws IOException {
    List<ResourceId> temporaries = new ArrayList<>();
    // Beam's "**" spans one or more directories, so the top level is matched on its own.
    for (String glob : List.of(TEMP_PREFIX + "*", "**/" + TEMP_PREFIX + "*")) {
      MatchResult result = FileSystems.match(resolve(base, glob).toString(), EmptyMatchTreatment.ALLOW);
      for (MatchResult.Metadata file : result.metadata()) temporaries.add(file.resourceId());
    }
    FileSystems.delete(temporaries, StandardMoveOptions.IGNORE_MISSING_FILES);
    return temporaries.size();
  }

  /** True when {@code target} exists. */
  public static boolean exists(ResourceId target) throws IOException {
    MatchResult result = FileSystems.match(target.toString());
    return result.status() == MatchResult.Status.OK && !result.metadata().isEmpty();
  }

  /** Content of an output as it sits on the file system. */
  public static byte[] read(ResourceId source) throws IOException {
    try (var in = Channels.newInputStream(FileSystems.open(source))) {
      return in.readAllBytes();
    }
  }

  /**
   * Each non-blank line of a text output, in order, read a buffer at a time: a run's logs and records grow with the
   * number of images (a whole-library run writes hundreds of MB), so readers summarise them as they go instead of
   * holding the text, its lines and their objects at once.
   */
  public static void forEachLine(ResourceId source, LineConsumer consumer) throws IOException {
    try (var reader =
        new BufferedReader(Channels.newReader(FileSystems.open(source), StandardCharsets.UTF_8), 1 << 16)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) consumer.accept(line);
      }
    }
  }

  @FunctionalInterface
  public interface LineConsumer {
    void accept(String line) throws IOException;
  }

  @FunctionalInterface
  public interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }
}
