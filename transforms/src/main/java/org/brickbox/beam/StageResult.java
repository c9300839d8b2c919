package org.brickbox.beam;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.OperationLogRecord;

/**
 * What every stage returns: its main output, its dead letters and its operation-log records. The graph
 * flattens the last two across stages into {@code failures.jsonl} and {@code operation_logs.jsonl}.
 */
public final class StageResult<T> implements POutput {
  /** Shared by every stage's DoFns: the tag ids only need to be unique within one multi-output ParDo. */
  public static final TupleTag<FailureRecord> FAILURES = new TupleTag<>("failures") {};
  public static final TupleTag<OperationLogRecord> LOGS = new TupleTag<>("operation-logs") {};

  private final PCollectionTuple tuple;
  private final TupleTag<T> mainTag;

  private StageResult(PCollectionTuple tuple, TupleTag<T> mainTag) {
    this.tuple = tuple;
    this.mainTag = mainTag;
  }

  /** Side output tags to pass to {@code ParDo.withOutputTags(main, sideTags())}. */
  public static TupleTagList sideTags() {
    return TupleTagList.of(FAILURES).and(LOGS);
  }

  /** Wraps a ParDo's outputs, fixing the coders of the shared side outputs. */
  public static <T> StageResult<T> of(PCollectionTuple tuple, TupleTag<T> mainTag) {
    tuple.get(FAILURES).setCoder(JsonCoder.of(FailureRecord.class));
    tuple.get(LOGS).setCoder(JsonCoder.of(OperationLogRecord.class));
    return new StageResult<>(tuple, mainTag);
  }

  public PCollection<T> output() {
    return tuple.get(mainTag);
  }

  /** A further output of a stage that has more than one (the stage names its tag). */
  public <U> PCollection<U> get(TupleTag<U> tag) {
    return tuple.get(tag);
  }

  public PCollection<FailureRecord> failures() {
    return tuple.get(FAILURES);
  }

  public PCollection<OperationLogRecord> logs() {
    return tuple.get(LOGS);
  }

  @Override
  public Pipeline getPipeline() {
    return tuple.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return tuple.expand();
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, org.apache.beam.sdk.values.PInput input, PTransform<?, ?> transform) {
    tuple.finishSpecifyingOutput(transformName, input, transform);
  }
}
