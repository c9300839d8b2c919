package org.brickbox.pipeline.rebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.stages.embed.VectorShards;
import org.brickbox.stages.render.RenderRecord;
import org.brickbox.stages.render.RenderTask;
import org.junit.jupiter.api.Test;

/** The pure decision of a rebuild: which keys are kept, which are redone and why, and when nothing runs at all. */
class RebuildPlannerTest {
  private static final Set<String> SHARDS = Set.of("renders.jsonl", "vectors.jsonl");
  private static final RebuildPlanner.Current CURRENT = new RebuildPlanner.Current(true, 8, "builtin", "m-1", "opts",
      Map.of("renderer", "r1"), SHARDS);

  private static KeyInputs key(String part, int view, String closure) {
    String path = part + "/c4/v0" + view;
    return new KeyInputs(path, part, view, "images/" + path + ".png", "images/" + path + ".mask.png", closure,
        "colour", "settings", "r1");
  }

  private static RenderRecord recordOf(KeyInputs k) {
    return new RenderRecord(k.key(), k.partId(), "d", "c", 4, "Red", k.viewIndex(), 42, k.image(), k.mask(), "png",
        64, 64, "img-" + k.key(), "mask-" + k.key(), k.closureHash(), "2206", k.rendererVersion(), k.settingsHash(),
        k.colourHash(), List.of(), null);
  }

  private static VectorShards.IndexLine vectorOf(KeyInputs k, String version) {
    return new VectorShards.IndexLine(k.key(), k.partId(), 4, k.viewIndex(), "builtin", version, 512, 0);
  }

  private static Manifest finished(String status) {
    return new Manifest(1, "run-1", "t", status, "fuse", Map.of("renderer", "r1"), Map.of(), Map.of(), "opts",
        List.of(), Map.of(), Map.of(), null, null);
  }

  private static PreviousOutputs previous(List<KeyInputs> keys, String modelVersion, Manifest manifest) {
    List<String> files = new ArrayList<>();
    keys.forEach(k -> files.addAll(List.of(k.image(), k.mask())));
    return new PreviousOutputs(manifest, finished("partial"), keys.stream().map(RebuildPlannerTest::recordOf).toList(),
        keys.stream().map(k -> vectorOf(k, modelVersion)).toList(), List.of("file:/o/records/renders.jsonl"),
        List.of("file:/o/embeddings/vectors.jsonl"), Set.copyOf(files), List.of(), List.of(), List.of(), List.of(),
        List.of(), new PreviousOutputs.Verdicts(finished("partial"), List.of("file:/o/qa/metrics.jsonl")));
  }

  private static final List<KeyInputs> BEFORE = List.of(key("a", 0, "A"), key("a", 1, "A"), key("b", 0, "B"));

  @Test
  void nothingChangedShortCircuitsAndEveryKeyAndVectorIsKept() {
    RebuildPlan plan = RebuildPlanner.plan(BEFORE, previous(BEFORE, "m-1", finished("partial")), CURRENT, r -> true);
    assertTrue(plan.shortCircuit(), plan.reason());
    assertEquals(List.of(), plan.tasks());
    assertEquals(3, plan.carriedKeys().size());
    assertEquals(3, plan.reusedVectorKeys().size());
  }

  /** The same photo folder, but a photo has no reference (lost, or unusable last time): the graph must run. */
  @Test
  void aPhotoStillToPrepareRunsTheGraphOverTheKeptImagesAndVectors() {
    RebuildPlanner.Current withPhoto = new RebuildPlanner.Current(true, 8, "builtin", "m-1", "opts",
        Map.of("renderer", "r1"), SHARDS, 1, null);
    RebuildPlan plan = RebuildPlanner.plan(BEFORE, previous(BEFORE, "m-1", finished("partial")), withPhoto, r -> true);
    assertFalse(plan.shortCircuit(), plan.reason());
    assertEquals(List.of(), plan.tasks(), "nothing to render");
    assertEquals(3, plan.reusedVectorKeys().size(), "nothing to embed");
  }

  @Test
  void aNewFuseOrQaVersionRunsTheGraphOverTheKeptImagesAndVectors() {
    RebuildPlanner.Current upgraded = new RebuildPlanner.Current(true, 8, "builtin", "m-1", "opts",
        Map.of("renderer", "r1", "fuse", "brickbox-fuse-2"), SHARDS);
    RebuildPlan plan = RebuildPlanner.plan(BEFORE, previous(BEFORE, "m-1", finished("partial")), upgraded, r -> true);
    assertFalse(plan.shortCircuit(), "the previous index was built by another Fuse version");
    assertTrue(plan.reason().endsWith("since run run-1: fuse (none) -> brickbox-fuse-2"), plan.reason());
    assertEquals(List.of(), plan.tasks(), "nothing to render");
    assertEquals(3, plan.reusedVectorKeys().size(), "nothing to embed");
  }

  @Test
  void aChangedClosureRedoesThatPartsViewsAndKeepsTheImagesItReplaces() {
    List<KeyInputs> now = List.of(key("a", 0, "A2"), key("a", 1, "A2"), key("b", 0, "B"));
    RebuildPlan plan = RebuildPlanner.plan(now, previous(BEFORE, "m-1", finished("partial")), CURRENT, r -> true);
    assertFalse(plan.shortCircuit());
    assertEquals(List.of(new RenderTask("a", 0, 2)), plan.tasks());
    assertEquals(Set.of("b/c4/v00"), plan.carriedKeys());
    assertEquals(Map.of("images/a/c4/v00.png", "img-a/c4/v00", "images/a/c4/v01.png", "img-a/c4/v01"),
        plan.replacedImages());
    assertEquals(2, plan.embedImages());
    assertTrue(plan.reason().contains("part files changed=2"), plan.reason());
  }

  @Test
  void aNewModelVersionReEmbedsEveryKeptImage() {
    RebuildPlan plan = RebuildPlanner.plan(BEFORE, previous(BEFORE, "m-0", finished("partial")), CURRENT, r -> true);
    assertFalse(plan.shortCircuit());
    assertEquals(3, plan.carriedKeys().size());
    assertEquals(0, plan.reusedVectorKeys().size());
    assertEquals(3, plan.embedImages());
  }

  @Test
  void afterAnInterruptedRunKeptImagesAreVerifiedAndTheRunIsMarkedResumed() {
    Manifest running = finished("running");
    RebuildPlan plan = RebuildPlanner.plan(BEFORE, previous(BEFORE, "m-1", running), CURRENT,
        r -> !r.key().equals("b/c4/v00"));
    assertFalse(plan.shortCircuit());
    assertEquals(List.of(new RenderTask("b", 0, 1)), plan.tasks());
    assertTrue(plan.report().resumed());
    assertTrue(plan.reason().contains("image differs from its record=1"), plan.reason());
  }

  @Test
  void unplannedKeysAreRemovedEvenWhenNotIncrementalAndUnloadablePartsAreAlwaysRedone() {
    RebuildPlanner.Current full = new RebuildPlanner.Current(false, 8, "builtin", "m-1", "opts",
        Map.of("renderer", "r1"), Set.of("renders-00000-of-00002.jsonl", "renders-00001-of-00002.jsonl"));
    RebuildPlan plan = RebuildPlanner.plan(List.of(key("a", 0, "A"), key("a", 1, "A")),
        previous(BEFORE, "m-1", finished("partial")), full, r -> true);
    assertEquals(1, plan.removedKeys());
    assertEquals(List.of("images/b/c4/v00.mask.png", "images/b/c4/v00.png"), plan.staleFiles());
    assertEquals(List.of(new RenderTask("a", 0, 2)), plan.tasks());
    assertEquals(List.of("file:/o/records/renders.jsonl", "file:/o/embeddings/vectors.jsonl",
        "file:/o/embeddings/vectors.npy"), plan.staleShards());

    RebuildPlan broken = RebuildPlanner.plan(List.of(key("a", 0, null), key("a", 1, "A"), key("b", 0, "B")),
        previous(BEFORE, "m-1", finished("partial")), CURRENT, r -> true);
    assertEquals(List.of(new RenderTask("a", 0, 1)), broken.tasks());
  }

  private static RenderRecord recordOf(KeyInputs k, String imageSha) {
    RenderRecord r = recordOf(k);
    return new RenderRecord(r.key(), r.partId(), r.description(), r.category(), r.colourCode(), r.colourName(),
        r.viewIndex(), r.seed(), r.image(), r.mask(), r.format(), r.width(), r.height(), imageSha, r.maskSha256(),
        r.closureHash(), r.libraryVersion(), r.rendererVersion(), r.settingsHash(), r.colourHash(), r.warnings(),
        r.view());
  }

  /**
   * A previous run whose shards hold {@code shardKeys} (with vectors of model m-1), with every planned image on disk
   * and render and embed journals.
   */
  private static PreviousOutputs withJournal(List<KeyInputs> shardKeys, Manifest manifest,
      List<PreviousOutputs.MadeRecords> made, List<PreviousOutputs.MadeVectors> madeVectors) {
    List<String> files = new ArrayList<>();
    BEFORE.forEach(k -> files.addAll(List.of(k.image(), k.mask())));
    boolean shards = !shardKeys.isEmpty();
    return new PreviousOutputs(manifest, finished("partial"), shardKeys.stream().map(RebuildPlannerTest::recordOf)
        .toList(), shardKeys.stream().map(k -> vectorOf(k, "m-1")).toList(),
        shards ? List.of("file:/o/records/renders.jsonl") : List.of(),
        shards ? List.of("file:/o/embeddings/vectors.jsonl") : List.of(), Set.copyOf(files), List.of(), List.of(),
        List.of(), made, madeVectors,
        new PreviousOutputs.Verdicts(finished("partial"), List.of("file:/o/qa/metrics.jsonl")));
  }

  private static PreviousOutputs withJournal(List<KeyInputs> shardKeys, Manifest manifest,
      List<PreviousOutputs.MadeRecords> made) {
    return withJournal(shardKeys, manifest, made, List.of());
  }

  /** An embed journal line: the vector of {@code k} by model {@code version}, from an image of {@code imageSha}. */
  private static VectorShards.IndexLine madeVectorOf(KeyInputs k, String version, String imageSha) {
    return new VectorShards.IndexLine(k.key(), k.partId(), 4, k.viewIndex(), "builtin", version, 512, 0, imageSha);
  }

  /**
   * The first run of an output failed after rendering two of three keys: their records, written as they were made,
   * keep them (their bytes checked), and only the third is rendered.
   */
  @Test
  void afterAFailedRunTheImagesItRecordedAsItMadeThemAreKept() {
    var made = new PreviousOutputs.MadeRecords("file:/o/records/made/a-v0-2.jsonl",
        List.of(recordOf(BEFORE.get(0)), recordOf(BEFORE.get(1))));
    RebuildPlan plan = RebuildPlanner.plan(BEFORE, withJournal(List.of(), finished("failed"), List.of(made)), CURRENT,
        r -> true);
    assertTrue(plan.incremental(), plan.reason());
    assertEquals(Set.of("a/c4/v00", "a/c4/v01"), plan.carriedKeys());
    assertEquals(List.of(new RenderTask("b", 0, 1)), plan.tasks());
    assertEquals(Map.of(made.file(), Set.of("a/c4/v00", "a/c4/v01")), plan.carriedRecordSources());
    assertTrue(plan.reason().contains("2 of them made by a run that did not finish"), plan.reason());

    RebuildPlan changed = RebuildPlanner.plan(BEFORE, withJournal(List.of(), finished("running"), List.of(made)),
        CURRENT, r -> !r.key().equals("a/c4/v01"));
    assertEquals(List.of(new RenderTask("a", 1, 1), new RenderTask("b", 0, 1)), changed.tasks(),
        "an image whose bytes differ from its journal record is rendered again");
  }

  /** Two failed runs and the shards before them: the latest record of a key is the one its image is checked with. */
  @Test
  void aLaterRunsJournalRecordSupersedesAnEarlierOnesAndTheShards() {
    KeyInputs a0 = BEFORE.get(0);
    var older = new PreviousOutputs.MadeRecords("file:/o/records/made/a-v0-2.jsonl",
        List.of(recordOf(a0, "older"), recordOf(BEFORE.get(1), "older")));
    var newer = new PreviousOutputs.MadeRecords("file:/o/records/made/a-v0-1.jsonl", List.of(recordOf(a0, "newer")));
    RebuildPlan plan = RebuildPlanner.plan(BEFORE, withJournal(BEFORE, finished("failed"), List.of(older, newer)),
        CURRENT, r -> !r.imageSha256().equals("older"));
    assertEquals(List.of(new RenderTask("a", 1, 1)), plan.tasks());
    assertEquals(Map.of(newer.file(), Set.of("a/c4/v00"), "file:/o/records/renders.jsonl", Set.of("b/c4/v00")),
        plan.carriedRecordSources(), "each carried key from one file: its latest record");
  }

  /**
   * A journal beside a finished run (its launcher died before deleting it) is not trusted over the shards: the
   * shards are carried, nothing runs, and the next run that finishes deletes it.
   */
  @Test
  void afterAFinishedRunTheJournalIsLeftAside() {
    var made = new PreviousOutputs.MadeRecords("file:/o/records/made/a-v0-1.jsonl",
        List.of(recordOf(BEFORE.get(0), "other")));
    RebuildPlan plan = RebuildPlanner.plan(BEFORE, withJournal(BEFORE, finished("partial"), List.of(made)), CURRENT,
        r -> false);
    assertEquals(List.of(), plan.tasks());
    assertEquals(Map.of("file:/o/records/renders.jsonl", Set.copyOf(plan.carriedKeys())),
        plan.carriedRecordSources());
  }

  /**
   * A run that failed after embedding: a journaled vector is kept only with the very image it was computed from
   * (same bytes) and the current model; a shard's vector never goes with an image a later run made.
   */
  @Test
  void afterAFailedRunAVectorIsKeptOnlyWithTheImageAndModelItWasComputedWith() {
    KeyInputs a0 = BEFORE.get(0);
    KeyInputs a1 = BEFORE.get(1);
    KeyInputs b0 = BEFORE.get(2);
    // a/0 re-rendered by the failed run (new bytes "new"), embedded; a/1 re-rendered, embedded from other bytes;
    // b/0 kept from the shards, embedded by the failed run with another model.
    var made = new PreviousOutputs.MadeRecords("file:/o/records/made/a-v0-2.jsonl",
        List.of(recordOf(a0, "new"), recordOf(a1, "new")));
    var vectors = new PreviousOutputs.MadeVectors("file:/o/embeddings/made/vectors-1.jsonl",
        List.of(madeVectorOf(a0, "m-1", "new"), madeVectorOf(a1, "m-1", "older"),
            madeVectorOf(b0, "m-0", "img-b/c4/v00")));
    RebuildPlan plan = RebuildPlanner.plan(BEFORE, withJournal(BEFORE, finished("failed"), List.of(made),
        List.of(vectors)), CURRENT, r -> true);
    assertEquals(List.of(), plan.tasks());
    assertEquals(Set.of("a/c4/v00", "b/c4/v00"), plan.reusedVectorKeys());
    assertEquals(Map.of(vectors.file(), Set.of("a/c4/v00"), "file:/o/embeddings/vectors.jsonl", Set.of("b/c4/v00")),
        plan.reusedVectorSources(), "a/1's shard vector is of the image before the failed run re-rendered it");
    assertEquals(1, plan.embedImages());
    assertTrue(plan.reason().contains("1 of them embedded by a run that did not finish"), plan.reason());

    RebuildPlan finishedBefore = RebuildPlanner.plan(BEFORE, withJournal(BEFORE, finished("partial"), List.of(made),
        List.of(vectors)), CURRENT, r -> true);
    assertEquals(Map.of("file:/o/embeddings/vectors.jsonl", Set.copyOf(BEFORE.stream().map(KeyInputs::key).toList())),
        finishedBefore.reusedVectorSources(), "after a finished run the journals are left aside");
  }

  /** {@code p} with {@code last} as the last finished run, the one that wrote its verdicts. */
  private static PreviousOutputs lastFinished(PreviousOutputs p, Manifest last) {
    return new PreviousOutputs(p.manifest(), last, p.records(), p.vectors(), p.recordFiles(), p.vectorFiles(),
        p.imageFiles(), p.photoReferences(), p.photoFiles(), p.corrupt(), p.made(), p.madeVectors(),
        new PreviousOutputs.Verdicts(last, p.verdicts().files()));
  }

  private static Manifest measuredBy(String qaVersion, String baseline) {
    Map<String, Object> options = baseline == null ? Map.of() : Map.of("qaBaseline", baseline);
    return new Manifest(1, "run-1", "t", "partial", "fuse", Map.of("renderer", "r1", "qa", qaVersion), Map.of(),
        options, "opts", List.of(), Map.of(), Map.of(), null, null);
  }

  private static RebuildPlanner.Current measuring(String qaVersion, String baseline) {
    return new RebuildPlanner.Current(true, 8, "builtin", "m-1", "opts", Map.of("renderer", "r1", "qa", qaVersion),
        SHARDS, 0, baseline);
  }

  /**
   * QA may reuse what the last finished run measured of the images kept from its shards, when that run measured as
   * this one does: the same QA version and SSIM against no baseline build. Not an image a run that did not finish
   * made since (the shards' verdict is of the image before).
   */
  @Test
  void qaReusesTheLastFinishedRunsMeasurementsOfImagesKeptFromItsShardsWhenItMeasuredAlike() {
    List<KeyInputs> bChanged = List.of(BEFORE.get(0), BEFORE.get(1), key("b", 0, "B2"));
    PreviousOutputs measured = lastFinished(previous(BEFORE, "m-1", finished("partial")), measuredBy("qa-1", null));
    RebuildPlan plan = RebuildPlanner.plan(bChanged, measured, measuring("qa-1", null), r -> true);
    assertEquals(Map.of("file:/o/qa/metrics.jsonl", Set.of("a/c4/v00", "a/c4/v01")), plan.earlierVerdictSources());
    assertTrue(plan.reason().contains("QA measures only images it has not measured as they are (run run-1"),
        plan.reason());

    assertEquals(Map.of(), RebuildPlanner.plan(bChanged, measured, measuring("qa-2", null), r -> true)
        .earlierVerdictSources(), "another QA version measures anew");
    assertEquals(Map.of(), RebuildPlanner.plan(bChanged, measured, measuring("qa-1", "/b"), r -> true)
        .earlierVerdictSources(), "SSIM against a baseline build");
    PreviousOutputs againstBaseline = lastFinished(previous(BEFORE, "m-1", finished("partial")),
        measuredBy("qa-1", "/b"));
    assertEquals(Map.of(), RebuildPlanner.plan(bChanged, againstBaseline, measuring("qa-1", null), r -> true)
        .earlierVerdictSources(), "the last run measured SSIM against a baseline build");

    var made = new PreviousOutputs.MadeRecords("file:/o/records/made/a-v0-1.jsonl", List.of(recordOf(BEFORE.get(0))));
    PreviousOutputs afterAFailure = lastFinished(withJournal(BEFORE, finished("failed"), List.of(made)),
        measuredBy("qa-1", null));
    assertEquals(Map.of("file:/o/qa/metrics.jsonl", Set.of("a/c4/v01", "b/c4/v00")),
        RebuildPlanner.plan(BEFORE, afterAFailure, measuring("qa-1", null), r -> true).earlierVerdictSources());
  }
}
