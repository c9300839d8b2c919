package org.brickbox.pipeline.progress;

import java.util.List;
import java.util.Map;
import org.brickbox.beam.OperationLogs;
import org.brickbox.io.records.OperationLogRecord.Status;
import org.brickbox.stages.embed.EmbedStage;

/**
 * Which Beam counters measure a stage's units of work (one per image) and which planned count they move
 * towards. A stage joins the progress display with one entry in {@link #ALL}.
 *
 * @param done counters (in {@code namespace}) whose sum is the units finished, failed ones included
 * @param failed the subset of {@code done} counting failed units
 * @param plannedCount the manifest's planned count the units move towards (known before the graph runs)
 * @param keptCount the planned count of units an incremental rebuild keeps instead of redoing (subtracted), or null
 */
public record TrackedStage(String stage, String namespace, List<String> done, List<String> failed,
    String plannedCount, String keptCount) {

  /** The stages shown, in graph order. Stages not in a run's plan are left out. */
  public static final List<TrackedStage> ALL = List.of(
      operation("render", "render_view", "render.keys.planned", "render.keys.skipped"),
      // Embed logs one record per batch; its own counters count images.
      new TrackedStage(EmbedStage.NAME, EmbedStage.NAME, List.of(EmbedStage.IMAGES_EMBEDDED, EmbedStage.IMAGES_FAILED),
          List.of(EmbedStage.IMAGES_FAILED), "render.keys.planned", "embed.images.skipped"),
      // QA and Fuse see every image of the run, kept ones too: measured, or an earlier measurement reused. Fuse
      // reads cues per view before its index build.
      operation("qa", List.of("measure_image", "reuse_measurement"), "render.keys.planned", null),
      operation("fuse", List.of("view_cues", "reuse_view_cues"), "render.keys.planned", null));

  /** A stage whose unit is one operation-log record of {@code operation} (see {@link OperationLogs}). */
  static TrackedStage operation(String stage, String operation, String plannedCount, String keptCount) {
    return operation(stage, List.of(operation), plannedCount, keptCount);
  }

  /** A stage whose unit is one operation-log record of any of {@code operations}. */
  static TrackedStage operation(String stage, List<String> operations, String plannedCount, String keptCount) {
    return new TrackedStage(stage, OperationLogs.metricsNamespace(stage),
        operations.stream().flatMap(op -> List.of(Status.values()).stream().map(s -> OperationLogs.counterName(op, s)))
            .toList(),
        operations.stream().map(op -> OperationLogs.counterName(op, Status.FAILED)).toList(), plannedCount, keptCount);
  }

  /** The units this run does: planned, less those kept from an earlier run. */
  long units(Map<String, Long> planned) {
    long kept = keptCount == null ? 0 : planned.getOrDefault(keptCount, 0L);
    return Math.max(0, planned.getOrDefault(plannedCount, 0L) - kept);
  }
}
