package org.brickbox.stages.fuse;

import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn.MultiOutputReceiver;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.io.records.OperationLogRecord.Status;

/**
 * The fuse stage's operation log and dead letter for reading a view's cues, the same whichever reader read them (its
 * own {@link ViewCuesFn}, or QA's, see {@link FuseStage#withCues}): progress and the manifest count them by stage
 * and operation.
 */
public final class ViewCueLogs {
  private ViewCueLogs() {}

  /** Logs the cues read, started at {@code start} (nanoTime). */
  public static void read(MultiOutputReceiver out, PipelineOptions options, ViewCues cues, long start) {
    out.get(StageResult.LOGS).output(OperationLogs.record(options, FuseStage.NAME, FuseStage.VIEW_CUES, cues.key(),
        Status.OK, start, Map.of("holes", cues.shape().holes()), null));
  }

  /** A view whose cues cannot be read: a dead letter located at its mask, and the failed operation. */
  public static void failed(MultiOutputReceiver out, PipelineOptions options, String key, String maskUri,
      Exception error, long start) {
    out.get(StageResult.FAILURES).output(OperationLogs.failure(FuseStage.NAME, key, maskUri, error));
    out.get(StageResult.LOGS).output(OperationLogs.record(options, FuseStage.NAME, FuseStage.VIEW_CUES, key,
        Status.FAILED, start, Map.of(), OperationLogs.describe(error)));
  }
}
