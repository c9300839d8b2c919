package org.brickbox.pipeline.manifest;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.brickbox.beam.JsonCoder;
import org.brickbox.io.manifest.StageSummary;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.io.records.OperationLogRecord.Status;

/**
 * Folds every stage's operation-log records into one {@link StageSummary} per stage: counts per operation and
 * status, failures, warnings, busy time and the wall-clock extent. This is the final combine's input.
 */
public final class SummariseStagesFn
    extends CombineFn<OperationLogRecord, SummariseStagesFn.Accumulator, Map<String, StageSummary>> {

  /** Per-stage running totals; mergeable because every field is a count, a sum, a max or a min. */
  @JsonAutoDetect(fieldVisibility = Visibility.ANY)
  public static final class Accumulator implements Serializable {
    final Map<String, StageTotals> stages = new TreeMap<>();
  }

  @JsonAutoDetect(fieldVisibility = Visibility.ANY)
  static final class StageTotals implements Serializable {
    final Map<String, Map<String, Long>> operations = new TreeMap<>();
    long records;
    long failed;
    long warnings;
    String first;
    String last;
    long busyMs;
    long maxMs;

    void add(OperationLogRecord r) {
      operations.computeIfAbsent(r.operation(), k -> new TreeMap<>()).merge(r.status().name(), 1L, Long::sum);
      records++;
      if (r.status() == Status.FAILED) failed++;
      if (r.status() == Status.WARNING) warnings++;
      first = first == null || r.timestamp().compareTo(first) < 0 ? r.timestamp() : first;
      last = last == null || r.timestamp().compareTo(last) > 0 ? r.timestamp() : last;
      busyMs += r.durationMs();
      maxMs = Math.max(maxMs, r.durationMs());
    }

    void merge(StageTotals o) {
      o.operations.forEach((op, byStatus) -> byStatus.forEach((status, n) ->
          operations.computeIfAbsent(op, k -> new TreeMap<>()).merge(status, n, Long::sum)));
      records += o.records;
      failed += o.failed;
      warnings += o.warnings;
      if (o.first != null && (first == null || o.first.compareTo(first) < 0)) first = o.first;
      if (o.last != null && (last == null || o.last.compareTo(last) > 0)) last = o.last;
      busyMs += o.busyMs;
      maxMs = Math.max(maxMs, o.maxMs);
    }
  }

  /** JSON, like every BrickBox record, so runners compare accumulators by their encoding. */
  @Override
  public Coder<Accumulator> getAccumulatorCoder(CoderRegistry registry, Coder<OperationLogRecord> inputCoder) {
    return JsonCoder.of(Accumulator.class);
  }

  @Override
  public Accumulator createAccumulator() {
    return new Accumulator();
  }

  @Override
  public Accumulator addInput(Accumulator acc, OperationLogRecord record) {
    acc.stages.computeIfAbsent(record.stage(), k -> new StageTotals()).add(record);
    return acc;
  }

  @Override
  public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
    Accumulator merged = new Accumulator();
    for (Accumulator acc : accumulators) {
      acc.stages.forEach((stage, totals) -> merged.stages.computeIfAbsent(stage, k -> new StageTotals()).merge(totals));
    }
    return merged;
  }

  /**
   * Operations that make a stage's one product, by stage: when one fails the stage has failed, however many other
   * records succeeded (4,800 views' cues do not make up for the index that was not built).
   */
  static final Map<String, String> WHOLE_STAGE_OPERATIONS = Map.of("fuse", "build_index");

  @Override
  public Map<String, StageSummary> extractOutput(Accumulator acc) {
    Map<String, StageSummary> out = new TreeMap<>();
    acc.stages.forEach((stage, t) -> {
      String whole = WHOLE_STAGE_OPERATIONS.get(stage);
      boolean productFailed = whole != null && t.operations.getOrDefault(whole, Map.of()).containsKey("FAILED");
      boolean failed = productFailed || t.records > 0 && t.failed == t.records;
      out.put(stage, new StageSummary(stage, failed ? "failed" : "completed", t.operations, t.records, t.failed,
          t.warnings, t.first, t.last, t.busyMs, t.maxMs));
    });
    return out;
  }
}
