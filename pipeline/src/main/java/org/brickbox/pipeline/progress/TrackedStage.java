package org.brickbox.pipeline.progress;

import java.util.List;
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
 */
public record TrackedStage(String stage, String namespace, List<String> done, List<String> failed,
    String plannedCount) {

  /** The stages shown, in graph order. Stages not in a run's plan are left out. */
  public static final List<TrackedStage> ALL = List.of(
      operation("render", "render_view", "render.keys.planned"),
      // Embed logs one record per batch; its own counters count images.
      new TrackedStage(EmbedStage.NAME, EmbedStage.NAME, List.of(EmbedStage.IMAGES_EMBEDDED, EmbedStage.IMAGES_FAILED),
          List.of(EmbedStage.IMAGES_FAILED), "render.keys.planned"),
      // Fuse reads cues per view before its single index build.
      operation("qa", "measure_image", "render.keys.planned"),
      operation("fuse", "view_cues", "render.keys.planned"));

  /** A stage whose unit is one operation-log record of {@code operation} (see {@link OperationLogs}). */
  static TrackedStage operation(String stage, String operation, String plannedCount) {
    return new TrackedStage(stage, OperationLogs.metricsNamespace(stage),
        List.of(Status.values()).stream().map(s -> OperationLogs.counterName(operation, s)).toList(),
        List.of(OperationLogs.counterName(operation, Status.FAILED)), plannedCount);
  }
}
