package org.brickbox.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.brickbox.io.ldraw.LDrawException;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.manifest.Manifest;

/** Runs the real graph for tests and reads back what it wrote (also used by the runners' integration tests). */
public final class PipelineRuns {
  /** Written per run with timings and run ids, so they differ between any two runs (so do history/ entries). */
  public static final java.util.Set<String> PER_RUN_FILES =
      java.util.Set.of("operation_logs.jsonl", "manifest.json", "report.html");

  /**
   * The outputs two runs of the same inputs must agree on: all but the per-run files, the history and the libraries'
   * logs of runs started from the command line ({@code logs/run-<time>.log}).
   */
  public static Map<String, byte[]> withoutPerRunFiles(Map<String, byte[]> files) {
    Map<String, byte[]> kept = new TreeMap<>(files);
    kept.keySet().removeAll(PER_RUN_FILES);
    kept.keySet().removeIf(f -> f.startsWith("history/") || f.startsWith("logs/"));
    return kept;
  }

  private PipelineRuns() {}

  public static Manifest run(String... args) {
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    BrickBoxOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(BrickBoxOptions.class);
    return BrickBoxPipeline.run(options);
  }

  /** The installed LDraw library, or the calling test is skipped with the reason (CI installs it). */
  public static Path installedLibrary() {
    try {
      return LDrawLibrary.locate(null);
    } catch (LDrawException e) {
      return org.junit.jupiter.api.Assumptions.abort("LDraw library not installed (run ./brickbox setup): "
          + e.getMessage());
    }
  }

  /** Every file under {@code dir} by relative path, with its bytes: the complete observable output of a run. */
  public static Map<String, byte[]> files(Path dir) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /**
   * Asserts two runs wrote the same files with the same bytes, embedding matrices included: the embed stage runs
   * every forward pass at one batch size, so a vector does not depend on how a runner grouped its images.
   */
  public static void assertSameOutputs(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    org.junit.jupiter.api.Assertions.assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, bytes) -> org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, actual.get(name), name));
  }

  static List<String> lines(Path file) {
    try {
      return new ArrayList<>(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
