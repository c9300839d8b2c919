package org.brickbox.pipeline.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.manifest.StageSummary;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.io.records.OperationLogRecord.Status;
import org.junit.jupiter.api.Test;

/** The final combine's two pure halves: folding operation logs, and assembling the manifest. */
class ManifestTest {
  private static final RunInfo RUN = new RunInfo("run-1", "/tmp/out", Map.of("brickbox", "0.1.0"),
      Map.of("render", "r1"), Map.of("version", "2206"), Map.of("views", 24), "abc", Map.of("parts.selected", 2L));

  private static OperationLogRecord log(String ts, String op, Status status, long ms) {
    return new OperationLogRecord(ts, "render", op, "k", status, "w", Map.of(), ms, null);
  }

  @Test
  void summariesCountPerOperationAndStatusAndMergeAcrossWorkers() {
    SummariseStagesFn fn = new SummariseStagesFn();
    var a = fn.addInput(fn.addInput(fn.createAccumulator(),
        log("2026-01-01T00:00:02Z", "render_view", Status.OK, 5)),
        log("2026-01-01T00:00:01Z", "load_part", Status.WARNING, 7));
    var b = fn.addInput(fn.createAccumulator(), log("2026-01-01T00:00:09Z", "render_view", Status.FAILED, 3));
    StageSummary s = fn.extractOutput(fn.mergeAccumulators(List.of(a, b))).get("render");
    assertEquals(Map.of("render_view", Map.of("OK", 1L, "FAILED", 1L), "load_part", Map.of("WARNING", 1L)),
        s.operations());
    assertEquals(3, s.records());
    assertEquals(1, s.failed());
    assertEquals(1, s.warnings());
    assertEquals("2026-01-01T00:00:01Z", s.startedAt());
    assertEquals("2026-01-01T00:00:09Z", s.finishedAt());
    assertEquals(15, s.busyMs());
    assertEquals(7, s.maxMs());
    assertEquals("completed", s.status());
  }

  @Test
  void aStageWhoseEveryRecordFailedHasFailed() {
    SummariseStagesFn fn = new SummariseStagesFn();
    var acc = fn.addInput(fn.createAccumulator(), log("t", "load_part", Status.FAILED, 1));
    assertEquals("failed", fn.extractOutput(acc).get("render").status());
  }

  @Test
  void aFuseStageWhoseIndexWasNotBuiltHasFailedWhateverElseSucceeded() {
    SummariseStagesFn fn = new SummariseStagesFn();
    var acc = fn.createAccumulator();
    for (int i = 0; i < 100; i++) {
      acc = fn.addInput(acc, new OperationLogRecord("t", "fuse", "view_cues", "k" + i, Status.OK, "w", Map.of(), 1, null));
    }
    assertEquals("completed", fn.extractOutput(acc).get("fuse").status());
    acc = fn.addInput(acc, new OperationLogRecord("t", "fuse", "build_index", "index", Status.FAILED, "w", Map.of(), 1,
        "NullPointerException"));
    assertEquals("failed", fn.extractOutput(acc).get("fuse").status(), "the stage's one product failed");
  }

  @Test
  void manifestListsPendingStagesAndNamesTheNextOne() {
    StageSummary render = new StageSummary("render", "completed",
        Map.of("render_view", Map.of("OK", 48L)), 48, 0, 0, "a", "b", 100, 9);
    Manifest m = WriteManifestFn.build(RUN, Map.of("render", render), Map.of("failures.jsonl", "h"), Map.of(), "now");
    assertEquals(List.of("render", "embed", "fuse", "qa"), m.stages().stream().map(Manifest.StageEntry::name).toList());
    assertEquals(List.of("completed", "pending", "pending", "pending"),
        m.stages().stream().map(Manifest.StageEntry::status).toList());
    assertEquals("embed", m.nextStage());
    assertEquals("partial", m.status());
    assertEquals(48L, m.counts().get("render.render_view.ok"));
    assertEquals(2L, m.counts().get("parts.selected"));
    assertNull(m.error());
  }

  @Test
  void anEmbedStageInTheGraphCompletesAndFuseIsNext() {
    RunInfo run = new RunInfo("run-2", "/tmp/out", Map.of(), Map.of("render", "r1", "embed", "brickbox-embed-abc"),
        Map.of(), Map.of(), "h", Map.of());
    StageSummary embed = new StageSummary("embed", "completed", Map.of("embed_batch", Map.of("OK", 3L)), 3, 0, 0,
        "a", "b", 10, 5);
    Manifest m = WriteManifestFn.build(run, Map.of("embed", embed), Map.of(), Map.of(), "now");
    assertEquals(List.of("completed", "completed", "pending", "pending"),
        m.stages().stream().map(Manifest.StageEntry::status).toList());
    assertEquals("brickbox-embed-abc", m.stages().get(1).version());
    assertEquals("fuse", m.nextStage());
  }

  @Test
  void aFailedRenderStageFailsTheRunAndIsWhereItResumes() {
    StageSummary render = new StageSummary("render", "failed", Map.of(), 1, 1, 0, "a", "b", 1, 1);
    Manifest m = WriteManifestFn.build(RUN, Map.of("render", render), Map.of(), Map.of(), "now");
    assertEquals("failed", m.status());
    assertEquals("render", m.nextStage());
  }

  /** A stand-in for a stage's typed section record. */
  record Score(double top1, long queries) {}

  @Test
  void reportedSectionsAreStoredAndReadBackTyped(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out)
      throws Exception {
    Map<String, Map<String, Object>> sections =
        Map.of("accuracy", org.brickbox.io.records.Json.objectMap("{\"top1\":0.75,\"queries\":8}"));
    Manifest m = WriteManifestFn.build(RUN, Map.of(), Map.of(), sections, "now");
    m.write(out.toString());
    Manifest read = Manifest.read(out.toString());
    assertEquals(new Score(0.75, 8), read.section("accuracy", Score.class));
    assertNull(read.section("qa", Score.class));
  }
}
