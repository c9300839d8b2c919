package org.brickbox.pipeline.rebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.manifest.RunHistory;
import org.brickbox.io.records.JsonLines;
import org.brickbox.pipeline.PipelineRuns;
import org.brickbox.stages.embed.VectorJournal;
import org.brickbox.stages.embed.VectorShards;
import org.brickbox.stages.render.RenderJournal;
import org.brickbox.stages.render.RenderRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed part-way (SIGKILL of the CLI's JVM: no shutdown hooks, no failure manifest) and started again:
 * the second run keeps every image the killed one recorded as it made it, renders only the others, and completes
 * with every key exactly once, no partial files, the same outputs as an uninterrupted run, and a manifest and
 * history saying what happened.
 */
class InterruptedRunTest {
  private static final String PARTS = "3001,3003,3004,3010,3020,3022,3023,3024,3068b,3069b";

  private static List<String> args(Path library, Path out) {
    return List.of("--ldrawDir=" + library, "--out=" + out, "--parts=" + PARTS, "--views=24", "--embed=false",
        "--viewsPerTask=2");
  }

  private static long images(Path out) throws Exception {
    Path dir = out.resolve("images");
    if (!Files.isDirectory(dir)) return 0;
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".mask.png")).count();
    } catch (java.io.UncheckedIOException e) {
      return 0; // a temporary file was renamed under the walk; poll again
    }
  }

  /** Runs {@code brickbox run ARGS} in a child JVM and kills it (SIGKILL) once {@code killWhen} holds. */
  private static void runAndKill(List<String> args, Path out, BooleanSupplier killWhen) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.brickbox.pipeline.cli.BrickBoxCli", "run"));
    command.addAll(args);
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(out.getParent().resolve(out.getFileName() + "-child.log").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!killWhen.getAsBoolean() && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(10);
    } finally {
      child.destroyForcibly().waitFor();
    }
  }

  /** The lines of every {@code .jsonl} file in {@code dir} (none when it does not exist). */
  private static <T> List<T> journal(Path dir, Class<T> type) throws Exception {
    List<T> lines = new java.util.ArrayList<>();
    if (!Files.isDirectory(dir)) return lines;
    try (Stream<Path> files = Files.list(dir)) {
      // A file still being written has a temporary name (it may end in .jsonl too) and is renamed into place when
      // whole: a run killed before the rename never wrote it, and the next run rightly ignores it.
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")
          && !p.getFileName().toString().startsWith(OutputFiles.TEMP_PREFIX)).sorted().toList()) {
        lines.addAll(JsonLines.read(f, type));
      }
    }
    return lines;
  }

  @Test
  void aKilledRunIsCompletedByTheNextWithNoDuplicateOrMissingOutput(@TempDir Path out, @TempDir Path reference)
      throws Exception {
    Path library = PipelineRuns.installedLibrary();
    runAndKill(args(library, out), out, () -> {
      try {
        return images(out) >= 20;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long before = images(out);
    assertTrue(before >= 20 && before < 240, "killed part-way: " + before + " of 240 images were written");
    assertEquals("running", Manifest.read(out.toString()).status(), "the killed run never finished");
    // What the killed run recorded as it made its images (its record shards were never written).
    long journaled = journal(out.resolve(RenderJournal.DIR), RenderRecord.class).size();
    assertTrue(journaled > 0 && journaled <= before, journaled + " images journaled of " + before + " written");

    Manifest resumed = PipelineRuns.run(args(library, out).toArray(String[]::new));
    RebuildReport r = resumed.section(RebuildReport.SECTION, RebuildReport.class);
    assertTrue(r.resumed(), r.reason());
    assertTrue(r.reason().contains("was interrupted"), r.reason());
    assertEquals(journaled, r.renderKeys().unchanged(), "every image the killed run recorded is kept: " + r.reason());
    assertEquals(240 - journaled, r.renderKeys().rendered(), r.reason());
    assertFalse(Files.exists(out.resolve(RenderJournal.DIR)), "the finished run deleted the journal");
    assertEquals("completed", resumed.stages().get(0).status());
    List<Manifest> history = RunHistory.recent(out.toString(), 5);
    assertEquals(2, history.size(), "the killed run and the one that completed it");
    assertEquals("failed", history.get(0).status());
    assertTrue(history.get(0).error().startsWith("interrupted"), history.get(0).error());

    List<RenderRecord> records = JsonLines.readAll(out.resolve("records"), "renders-", ".jsonl", RenderRecord.class);
    assertEquals(240, records.size());
    assertEquals(240, records.stream().map(RenderRecord::key).distinct().count(), "no duplicates");
    for (RenderRecord rec : records) assertTrue(Files.isRegularFile(out.resolve(rec.image())), rec.image());
    assertEquals(240, images(out));
    Map<String, byte[]> files = IncrementalRebuildTest.outputs(out);
    assertFalse(files.keySet().stream().anyMatch(f -> f.contains(".tmp-")), "no partial files");

    PipelineRuns.run(args(library, reference).toArray(String[]::new));
    PipelineRuns.assertSameOutputs(IncrementalRebuildTest.outputs(reference), files);
  }

  /**
   * A run killed while it embeds: the next keeps the vectors it journaled (each beside the very image it was
   * computed from) and embeds only the others, and its outputs equal an uninterrupted run's.
   */
  @Test
  void aRunKilledWhileEmbeddingKeepsTheVectorsItMade(@TempDir Path out, @TempDir Path reference) throws Exception {
    Path library = PipelineRuns.installedLibrary();
    List<String> args = List.of("--ldrawDir=" + library, "--out=" + out, "--parts=" + PARTS, "--views=12",
        "--fuse=false", "--viewsPerTask=2");
    runAndKill(args, out, () -> {
      try {
        return !journal(out.resolve(VectorJournal.DIR), VectorShards.IndexLine.class).isEmpty();
      } catch (Exception e) {
        return false; // a journal file renamed into place under the listing; look again
      }
    });
    assertEquals("running", Manifest.read(out.toString()).status(), "the killed run never finished");
    Map<String, String> madeImages = new java.util.HashMap<>();
    for (RenderRecord r : journal(out.resolve(RenderJournal.DIR), RenderRecord.class)) {
      madeImages.put(r.key(), r.imageSha256());
    }
    List<VectorShards.IndexLine> madeVectors = journal(out.resolve(VectorJournal.DIR), VectorShards.IndexLine.class);
    // A vector is kept when its image's record was journaled too, with the bytes it was computed from.
    long keepable = madeVectors.stream()
        .filter(v -> v.imageSha256() != null && v.imageSha256().equals(madeImages.get(v.key()))).count();
    assertTrue(keepable > 0, madeVectors.size() + " vectors journaled, " + keepable + " beside a journaled image");

    Manifest resumed = PipelineRuns.run(args.toArray(String[]::new));
    RebuildReport r = resumed.section(RebuildReport.SECTION, RebuildReport.class);
    assertEquals(keepable, r.reusedVectors(), r.reason());
    assertEquals(120 - keepable, r.embedded(), r.reason());
    assertTrue(r.reason().contains("embedded by a run that did not finish"), r.reason());
    assertFalse(Files.exists(out.resolve(VectorJournal.DIR)), "the finished run deleted the embed journal");

    List<String> full = new java.util.ArrayList<>(args);
    full.set(1, "--out=" + reference);
    PipelineRuns.run(full.toArray(String[]::new));
    PipelineRuns.assertSameOutputs(IncrementalRebuildTest.outputs(reference), IncrementalRebuildTest.outputs(out));
  }
}
