package org.brickbox.runners.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.brickbox.pipeline.PipelineRuns;

/** The files a run wrote, by relative path, with their bytes. */
record OutputTree(Map<String, byte[]> files) {

  static OutputTree of(Path dir) {
    return new OutputTree(PipelineRuns.files(dir));
  }

  /** Files named {@code *suffix} under {@code dir} while a job may still be writing and renaming there. */
  static long countWhileWritten(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) return 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
    } catch (IOException | UncheckedIOException e) {
      return 0; // an entry vanished under the walk (a temporary file renamed); the caller polls again
    }
  }

  long count(String suffix) {
    return files.keySet().stream().filter(f -> f.endsWith(suffix)).count();
  }

  /** Same names and bytes for everything but the timed files (see PipelineRuns). */
  void assertSameAs(OutputTree expected) {
    PipelineRuns.assertSameOutputs(PipelineRuns.withoutPerRunFiles(expected.files),
        PipelineRuns.withoutPerRunFiles(files));
  }
}
