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
   * Asserts two runs wrote the same files with the same bytes, except embedding matrices ({@code .npy}), which
   * must agree to 1e-5 per component: PyTorch's batched CPU kernels may round differently when the runner groups
   * images into different batches. Their key index files must still be byte-identical. QA records' embedding
   * distances, computed from those vectors, must agree to 1e-4.
   */
  public static void assertSameOutputs(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    org.junit.jupiter.api.Assertions.assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, bytes) -> {
      if (name.endsWith(".npy")) {
        try {
          float[][] a = org.brickbox.embed.Npy.readFloat32(bytes);
          float[][] b = org.brickbox.embed.Npy.readFloat32(actual.get(name));
          org.junit.jupiter.api.Assertions.assertEquals(a.length, b.length, name);
          for (int i = 0; i < a.length; i++) org.junit.jupiter.api.Assertions.assertArrayEquals(a[i], b[i], 1e-5f, name);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (name.startsWith("qa/") && name.endsWith(".jsonl")) {
        assertSameQaRecords(name, bytes, actual.get(name));
      } else {
        org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, actual.get(name), name);
      }
    });
  }

  /**
   * QA records byte-identical but for {@code embeddingDistance}, which follows the vectors' 1e-5 (one rounding step
   * of 1e-4).
   */
  private static void assertSameQaRecords(String name, byte[] expected, byte[] actual) {
    List<String> a = new String(expected, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    List<String> b = new String(actual, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    org.junit.jupiter.api.Assertions.assertEquals(a.size(), b.size(), name);
    for (int i = 0; i < a.size(); i++) {
      var x = org.brickbox.io.records.Json.read(a.get(i), org.brickbox.qa.QaRecord.class);
      var y = org.brickbox.io.records.Json.read(b.get(i), org.brickbox.qa.QaRecord.class);
      Double dx = x.metrics().remove("embeddingDistance");
      Double dy = y.metrics().remove("embeddingDistance");
      org.junit.jupiter.api.Assertions.assertEquals(dx == null, dy == null, name + ":" + (i + 1));
      // Written rounded to 1e-4: two runs' true values 1e-5 apart can round one step apart, and 0.1212 - 0.1211 is a
      // hair above 1e-4 in doubles (a CI run failed on exactly that), so one step and a half is the bound.
      if (dx != null) org.junit.jupiter.api.Assertions.assertEquals(dx, dy, 1.5e-4, name + ":" + (i + 1));
      org.junit.jupiter.api.Assertions.assertEquals(x, y, name + ":" + (i + 1));
    }
  }

  static List<String> lines(Path file) {
    try {
      return new ArrayList<>(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
