package org.brickbox.pipeline.rebuild;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.brickbox.io.ldraw.TestLibrary;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.manifest.RunHistory;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.JsonLines;
import org.brickbox.pipeline.PipelineRuns;
import org.brickbox.stages.embed.VectorShards;
import org.brickbox.stages.render.RenderRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental rebuilds on a library the test writes: two parts use the primitive {@code stud.dat}, one does not.
 * Changing the primitive re-renders exactly the parts using it, a colour edit exactly the images in that colour,
 * nothing changed renders nothing, a new model re-embeds everything, and the result always equals a full run.
 */
class IncrementalRebuildTest {
  @TempDir Path lib;
  @TempDir Path out;

  @BeforeEach
  void writeLibrary() {
    TestLibrary library = new TestLibrary(lib);
    library.cube("p/stud.dat", false, false);
    library.cube("p/box.dat", false, false);
    library.file("parts/a.dat", "0 Brick A", "0 Name: a.dat", "0 BFC CERTIFY CCW",
        "1 16 0 0 0 20 0 0 0 8 0 0 0 10 box.dat", "1 16 0 -12 0 6 0 0 0 4 0 0 0 6 stud.dat");
    library.file("parts/b.dat", "0 Plate B", "0 Name: b.dat", "0 BFC CERTIFY CCW",
        "1 16 0 0 0 20 0 0 0 4 0 0 0 20 box.dat", "1 16 10 -8 0 6 0 0 0 4 0 0 0 6 stud.dat");
    library.file("parts/c.dat", "0 Tile C", "0 Name: c.dat", "0 BFC CERTIFY CCW",
        "1 16 0 0 0 20 0 0 0 2 0 0 0 10 box.dat");
  }

  private Manifest run(Path dir, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of(extra));
    for (String option : List.of("--ldrawDir=" + lib, "--out=" + dir, "--parts=a,b,c", "--views=2", "--imageSize=64",
        "--colour=palette", "--palette=0,4", "--embedBatchSize=4")) {
      String name = option.substring(0, option.indexOf('=') + 1);
      if (args.stream().noneMatch(a -> a.startsWith(name))) args.add(option);
    }
    return PipelineRuns.run(args.toArray(String[]::new));
  }

  private static RebuildReport rebuild(Manifest m) {
    return m.section(RebuildReport.SECTION, RebuildReport.class);
  }

  private List<RenderRecord> records() throws Exception {
    return JsonLines.readAll(out.resolve("records"), "renders-", ".jsonl", RenderRecord.class);
  }

  /** Outputs that depend on QA's verdicts, which differ when a previous image exists to compare with. */
  static Map<String, byte[]> withoutQaVerdicts(Map<String, byte[]> files) {
    files.keySet().removeIf(f -> f.startsWith("qa/") || f.startsWith("index/") || f.startsWith("fuse/"));
    return files;
  }

  /** What a run leaves that must not depend on how it got there: everything but logs, manifests and history. */
  static Map<String, byte[]> outputs(Path dir) {
    Map<String, byte[]> files = PipelineRuns.withoutPerRunFiles(PipelineRuns.files(dir));
    files.keySet().removeIf(f -> f.startsWith(RebuildOutputs.PREVIOUS_DIR + "/"));
    return files;
  }

  @Test
  void changingAPrimitiveReRendersExactlyThePartsUsingItAndTheOutputsEqualAFullRun(@TempDir Path full)
      throws Exception {
    Manifest first = run(out);
    assertFalse(rebuild(first).incremental(), rebuild(first).reason());
    assertEquals(6, rebuild(first).renderKeys().rendered());
    Map<String, byte[]> before = outputs(out);

    Manifest again = run(out);
    RebuildReport nothing = rebuild(again);
    assertTrue(nothing.shortCircuit(), nothing.reason());
    assertEquals(new RebuildReport.RenderKeys(6, 6, 0), nothing.renderKeys());
    assertEquals(0, nothing.embedded());
    assertNull(again.counts().get("render.render_view.ok"), "nothing rendered");
    assertEquals(6L, again.counts().get("render.keys.skipped"));
    PipelineRuns.assertSameOutputs(before, outputs(out));

    new TestLibrary(lib).file("p/stud.dat", "0 Stud, taller", "0 BFC CERTIFY CCW",
        "1 16 0 0 0 1 0 0 0 3 0 0 0 1 box.dat");
    Manifest changed = run(out);
    RebuildReport r = rebuild(changed);
    assertTrue(r.incremental());
    assertFalse(r.shortCircuit());
    assertEquals(new RebuildReport.RenderKeys(6, 2, 4), r.renderKeys(), r.reason());
    assertEquals(4L, changed.counts().get("render.render_view.ok"), "a and b, both views; c kept");
    assertEquals(4, r.embedded());
    assertEquals(2, r.reusedVectors());
    assertTrue(r.reason().contains("part files changed=4"), r.reason());
    Map<String, byte[]> after = outputs(out);
    for (String part : List.of("a", "b", "c")) {
      String image = records().stream().filter(x -> x.partId().equals(part) && x.viewIndex() == 0).findFirst()
          .orElseThrow().image();
      assertEquals(part.equals("c"), java.util.Arrays.equals(before.get(image), after.get(image)), image);
      if (!part.equals("c")) {
        assertArrayEquals(before.get(image), Files.readAllBytes(out.resolve("previous").resolve(image)),
            "the replaced image is kept for comparison");
      }
    }
    assertFalse(Files.exists(out.resolve("previous/images/c")), "unchanged images are not copied");

    // QA compared each replaced image with its previous version: the taller studs are flagged as a render
    // regression (and so kept out of the index), which a fresh full run has nothing to compare with.
    String quarantine = Files.readString(out.resolve("qa/quarantine.jsonl"));
    assertEquals(4, quarantine.lines().filter(l -> l.contains("ssim_regression")).count(), quarantine);
    run(full, "--incremental=false");
    PipelineRuns.assertSameOutputs(withoutQaVerdicts(outputs(full)), withoutQaVerdicts(after));
    assertEquals(6, records().size());
    assertEquals(3, RunHistory.recent(out.toString(), 10).size());
  }

  /**
   * A part added to the run: only its images are rendered, embedded and measured; QA reuses the measurements (and
   * fusion's cues) of the kept images, judges every image again, and every output equals a full run's.
   */
  @Test
  void anAddedPartIsTheOnlyOneMeasuredAndTheOutputsEqualAFullRun(@TempDir Path full) throws Exception {
    run(out, "--parts=a,b");
    Manifest added = run(out, "--parts=a,b,c");
    RebuildReport r = rebuild(added);
    assertEquals(new RebuildReport.RenderKeys(6, 4, 2), r.renderKeys(), r.reason());
    assertTrue(r.reason().contains("QA measures only images it has not measured"), r.reason());
    assertEquals(2L, added.counts().get("qa.measure_image.ok"));
    assertEquals(4L, added.counts().get("qa.reuse_measurement.ok"));
    assertEquals(2L, added.counts().get("fuse.view_cues.ok"));
    assertEquals(4L, added.counts().get("fuse.reuse_view_cues.ok"));
    assertEquals(6L, added.counts().get("qa.accept_image.ok") + added.counts().getOrDefault("qa.quarantine_image.warning", 0L));

    run(full, "--parts=a,b,c", "--incremental=false");
    PipelineRuns.assertSameOutputs(outputs(full), outputs(out));

    // A run that failed after it: the verdicts of the run before it are reused, those it left as they were.
    RunHistory.append(out.toString(), added.withError("failed in a test"));
    PreviousOutputs afterAFailure = PreviousOutputs.read(out.toString());
    assertEquals("failed", afterAFailure.lastFinished().status());
    assertEquals(added.runId(), afterAFailure.verdicts().run().runId());
    assertEquals(4, afterAFailure.verdicts().files().size());
    Path shard = out.resolve("qa/metrics-00000-of-00004.jsonl");
    Files.writeString(shard, Files.readString(shard).replace("\"passed\":true", "\"passed\":false"));
    assertEquals(3, PreviousOutputs.read(out.toString()).verdicts().files().size(), "a replaced file is not reused");
    Files.writeString(out.resolve("history/0001-manifest.json"), "{\"runId\": cut off");
    PreviousOutputs damagedHistory = PreviousOutputs.read(out.toString());
    assertEquals(PreviousOutputs.Verdicts.NONE, damagedHistory.verdicts());
    assertTrue(damagedHistory.corrupt().stream().anyMatch(c -> c.startsWith("history/")), damagedHistory.corrupt()
        .toString());
  }

  @Test
  void aColourEditReRendersTheImagesInThatColourAndANewModelReEmbedsEverything(@TempDir Path model)
      throws Exception {
    run(out);
    new TestLibrary(lib).raw("LDConfig.ldr", TestLibrary.LDCONFIG.replace("VALUE #B40000", "VALUE #C91A09"));
    long red = records().stream().filter(x -> x.colourCode() == 4).count();
    assertTrue(red > 0 && red < 6, "the palette gives both colours: " + red);
    RebuildReport colour = rebuild(run(out));
    assertEquals(red, colour.renderKeys().rendered(), colour.reason());
    assertEquals(6 - red, colour.reusedVectors());

    // The built-in network under another version: to BrickBox a different model, so every vector is redone.
    try (InputStream params = getClass().getResourceAsStream("/org/brickbox/embed/builtin/embedder.params");
        InputStream manifest = getClass().getResourceAsStream("/org/brickbox/embed/builtin/model_manifest.json")) {
      Files.write(model.resolve("embedder.params"), params.readAllBytes());
      Map<String, Object> m = Json.objectMap(new String(manifest.readAllBytes()));
      m.put("version", "brickbox-embed-test00000001");
      Files.write(model.resolve("model_manifest.json"), Json.pretty(m));
    }
    Manifest remodelled = run(out, "--model=brickbox:" + model);
    RebuildReport r = rebuild(remodelled);
    assertEquals(new RebuildReport.RenderKeys(6, 6, 0), r.renderKeys(), r.reason());
    assertEquals(6, r.embedded());
    assertEquals(0, r.reusedVectors());
    List<VectorShards.IndexLine> vectors =
        JsonLines.readAll(out.resolve("embeddings"), "vectors-", ".jsonl", VectorShards.IndexLine.class);
    assertEquals(6, vectors.size());
    assertTrue(vectors.stream().allMatch(v -> v.modelVersion().equals("brickbox-embed-test00000001")));
  }

  @Test
  void aRunAfterAnUpgradeOfTheFuseStageRebuildsTheIndexWithoutRenderingOrEmbedding() throws Exception {
    runAfterAnUpgradeOf("fuse", org.brickbox.stages.fuse.FuseStage.VERSION, "brickbox-fuse-0");
  }

  /** A new way of reading the views' cues (silhouette, colour, length) must not leave the index built from the old. */
  @Test
  void aRunAfterAnUpgradeOfTheViewCuesRebuildsTheIndexWithoutRenderingOrEmbedding() throws Exception {
    runAfterAnUpgradeOf(org.brickbox.pipeline.RunPlan.CUES, org.brickbox.fuse.ImageCues.VERSION, "cues-0");
  }

  /** Runs, makes the previous run look as if {@code older} had built it, and runs again. */
  private void runAfterAnUpgradeOf(String versionKey, String current, String older) throws Exception {
    run(out);
    assertTrue(rebuild(run(out)).shortCircuit(), "nothing changed: the graph is skipped");
    List<Path> manifests = new java.util.ArrayList<>(List.of(out.resolve("manifest.json")));
    try (var history = Files.list(out.resolve("history"))) {
      history.forEach(manifests::add);
    }
    for (Path m : manifests) {
      String text = Files.readString(m);
      assertTrue(text.contains("\"" + current + "\""), m + " records " + versionKey + " " + current);
      Files.writeString(m, text.replace("\"" + current + "\"", "\"" + older + "\""));
    }
    Manifest upgraded = run(out);
    RebuildReport r = rebuild(upgraded);
    assertFalse(r.shortCircuit(), r.reason());
    assertTrue(r.reason().contains(": " + versionKey + " " + older + " -> " + current), "says why: " + r.reason());
    assertEquals(0, r.renderKeys().rendered(), r.reason());
    assertEquals(0, r.embedded(), r.reason());
    assertEquals(current, upgraded.versions().get(versionKey));
    assertTrue(Files.readString(out.resolve("manifest.json")).contains(current));
  }


  @Test
  void keysNoLongerPlannedAreRemovedAndAnotherShardCountLeavesNoStaleShards() throws Exception {
    run(out, "--embed=false");
    assertTrue(Files.isDirectory(out.resolve("images/c")));
    Manifest fewer = run(out, "--embed=false", "--parts=a,b", "--recordShards=2");
    RebuildReport r = rebuild(fewer);
    assertEquals(2, r.removedKeys(), r.reason());
    assertEquals(new RebuildReport.RenderKeys(4, 4, 0), r.renderKeys());
    assertFalse(Files.exists(out.resolve("images/c/c0/v00.png")) || Files.exists(out.resolve("images/c/c4/v00.png")));
    assertEquals(4, records().size());
    try (var files = Files.list(out.resolve("records"))) {
      assertEquals(List.of("renders-00000-of-00002.jsonl", "renders-00001-of-00002.jsonl"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void damagedFilesOfThePreviousRunAreReportedNeverTrustedAndRedone(@TempDir Path full) throws Exception {
    Manifest first = run(out);
    Map<String, byte[]> intact = outputs(out);
    // A manifest cut in half, a records shard whose last line is cut off, another whose records were re-spaced
    // (every line still reads the same: only its SHA-256 shows it is not what the run wrote), and a vector matrix
    // missing its end.
    Path manifest = out.resolve("manifest.json");
    Files.write(manifest, java.util.Arrays.copyOf(Files.readAllBytes(manifest), (int) Files.size(manifest) / 2));
    List<Path> shards;
    try (var files = Files.list(out.resolve("records"))) {
      shards = files.filter(f -> f.getFileName().toString().startsWith("renders-")).sorted()
          .filter(f -> f.toFile().length() > 0).toList();
    }
    Path shard = shards.get(0);
    long shardKeys = Files.readAllLines(shard).size();
    Files.write(shard, java.util.Arrays.copyOf(Files.readAllBytes(shard), (int) Files.size(shard) - 10));
    Path respaced = shards.get(1);
    List<String> respacedLines = Files.readAllLines(respaced).stream().map(l -> l.replaceFirst("\\{", "{ ")).toList();
    Files.write(respaced, respacedLines);
    Path npy;
    try (var files = Files.list(out.resolve("embeddings"))) {
      npy = files.filter(f -> f.toString().endsWith(".npy")).filter(f -> f.toFile().length() > 128).sorted()
          .findFirst().orElseThrow();
    }
    Files.write(npy, java.util.Arrays.copyOf(Files.readAllBytes(npy), (int) Files.size(npy) - 4));

    Manifest repaired = run(out);
    RebuildReport r = rebuild(repaired);
    assertEquals("completed", repaired.status(), r.reason());
    assertEquals(4, r.corruptFiles().size(), r.corruptFiles().toString());
    assertTrue(r.corruptFiles().get(0).startsWith("manifest.json: "), r.corruptFiles().toString());
    String name = shard.getFileName().toString();
    assertTrue(r.corruptFiles().stream().anyMatch(f -> f.startsWith("records/" + name + ": ")
        && f.contains("is not a whole record")), r.corruptFiles().toString());
    assertTrue(r.corruptFiles().stream().anyMatch(f -> f.contains(npy.getFileName().toString().replace(".npy", ""))
        && f.contains("truncated or damaged")), r.corruptFiles().toString());
    assertFalse(r.shortCircuit());
    assertTrue(r.corruptFiles().contains("records/" + respaced.getFileName() + ": changed since run "
        + first.runId() + " wrote it (SHA-256 differs)"), r.corruptFiles().toString());
    assertTrue(r.reason().startsWith("4 damaged file(s) of the previous run not trusted"), r.reason());
    assertEquals(4L, repaired.counts().get("rebuild.corrupt_files"));
    assertTrue(r.renderKeys().rendered() >= shardKeys + respacedLines.size(),
        "the damaged shards' keys are rendered again: " + r.reason());
    PipelineRuns.assertSameOutputs(withoutQaVerdicts(intact), withoutQaVerdicts(outputs(out)));

    RebuildReport next = rebuild(run(out));
    assertTrue(next.corruptFiles().isEmpty(), next.corruptFiles().toString());
    assertTrue(next.shortCircuit(), "repaired: nothing left to redo: " + next.reason());
  }
  @Test
  void aDeletedIndexOrAnEditedOutputIsFoundAndBuiltAgainNotReportedAsKept() throws Exception {
    Manifest first = run(out);
    Map<String, byte[]> intact = outputs(out);
    assertTrue(intact.containsKey("index/index.json") && intact.containsKey("fuse/queries.jsonl"),
        intact.keySet().toString());
    try (var index = Files.walk(out.resolve("index"))) {
      for (Path p : index.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
    Path quarantine = out.resolve("qa/quarantine.jsonl");
    Files.writeString(quarantine, Files.readString(quarantine) + "\n");

    Manifest repaired = run(out);
    RebuildReport r = rebuild(repaired);
    assertFalse(r.shortCircuit(), r.reason());
    assertTrue(r.corruptFiles().contains("index/index.json: missing (run " + first.runId() + " wrote it)"),
        r.corruptFiles().toString());
    assertTrue(r.corruptFiles().contains("qa/quarantine.jsonl: changed since run " + first.runId()
        + " wrote it (SHA-256 differs)"), r.corruptFiles().toString());
    assertEquals(0, r.renderKeys().rendered(), "every image and vector is still good: " + r.reason());
    assertEquals(0, r.embedded(), r.reason());
    Map<String, byte[]> after = outputs(out);
    assertTrue(after.containsKey("index/index.json") && after.containsKey("index/vectors.npy"), after.keySet()
        .toString());
    assertTrue(after.containsKey("fuse/queries.jsonl"));
    PipelineRuns.assertSameOutputs(withoutQaVerdicts(intact), withoutQaVerdicts(after));
    assertTrue(rebuild(run(out)).shortCircuit(), "repaired: nothing left to redo");
  }
}
