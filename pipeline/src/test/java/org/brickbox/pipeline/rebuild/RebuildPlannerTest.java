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
        List.of("file:/o/embeddings/vectors.jsonl"), Set.copyOf(files), List.of(), List.of(), List.of());
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
        Map.of("renderer", "r1"), SHARDS, 1);
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
}
