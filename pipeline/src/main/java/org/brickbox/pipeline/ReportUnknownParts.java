package org.brickbox.pipeline;

import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.OperationLogRecord.Status;

/** Requested part ids the library does not have: each becomes a dead letter, never a silent drop. */
final class ReportUnknownParts extends PTransform<PCollection<String>, StageResult<String>> {
  private static final TupleTag<String> NONE = new TupleTag<>("unknown-none") {};

  @Override
  public StageResult<String> expand(PCollection<String> ids) {
    return StageResult.of(
        ids.apply("DeadLetterUnknownIds", ParDo.of(new DoFn<String, String>() {
          @ProcessElement
          public void process(@Element String id, MultiOutputReceiver out) {
            long start = System.nanoTime();
            String message = "part '" + id + "' is not in the LDraw library's parts/ folder";
            out.get(StageResult.FAILURES).output(
                new FailureRecord("render", id, id, "UnknownPart", message, "parts/" + id + ".dat"));
            out.get(StageResult.LOGS).output(
                OperationLogs.record("render", "select_part", id, Status.FAILED, start, Map.of(), message));
          }
        }).withOutputTags(NONE, StageResult.sideTags())),
        NONE);
  }
}
