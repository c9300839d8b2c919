package org.brickbox.stages.qa;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.values.KV;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.io.records.OperationLogRecord.Status;
import org.brickbox.qa.MeasuredView;
import org.brickbox.qa.PartReview;
import org.brickbox.qa.QaRecord;
import org.brickbox.qa.QaThresholds;
import org.brickbox.stages.embed.EmbeddingRecord;

/**
 * Judges all measured views of one part together ({@link PartReview}) and logs each verdict: {@code accept_image}
 * (OK) or {@code quarantine_image} (WARNING, with the reasons), so the manifest counts both.
 */
final class ReviewPartFn extends DoFn<KV<String, CoGbkResult>, QaRecord> {
  private final QaThresholds thresholds;
  /** Whether the run embeds, i.e. the grouping carries vectors. */
  private final boolean withVectors;
  private final Counter quarantined = Metrics.counter(QaStage.NAME, "images_quarantined");

  ReviewPartFn(QaThresholds thresholds, boolean withVectors) {
    this.thresholds = thresholds;
    this.withVectors = withVectors;
  }

  @ProcessElement
  public void process(@Element KV<String, CoGbkResult> part, MultiOutputReceiver out) {
    long start = System.nanoTime();
    List<MeasuredView> views = new ArrayList<>();
    part.getValue().getAll(QaStage.VIEWS).forEach(views::add);
    Map<String, float[]> vectors = new TreeMap<>();
    if (withVectors) {
      for (EmbeddingRecord e : part.getValue().getAll(QaStage.VECTORS)) vectors.put(e.key(), e.vector());
    }
    for (QaRecord record : PartReview.review(views, vectors, thresholds)) {
      out.get(QaStage.RECORDS).output(record);
      if (record.passed()) {
        out.get(StageResult.LOGS).output(OperationLogs.record(QaStage.NAME, "accept_image", record.key(), Status.OK,
            start, Map.of(), null));
      } else {
        quarantined.inc();
        out.get(StageResult.LOGS).output(OperationLogs.record(QaStage.NAME, "quarantine_image", record.key(),
            Status.WARNING, start, Map.of("reasons", record.reasons()), String.join(",", record.reasons())));
      }
    }
  }
}
