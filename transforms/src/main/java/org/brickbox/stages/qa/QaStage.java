package org.brickbox.stages.qa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.brickbox.beam.JsonCoder;
import org.brickbox.beam.StageResult;
import org.brickbox.beam.WriteSortedJsonl;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.qa.MeasuredView;
import org.brickbox.qa.QaRecord;
import org.brickbox.stages.embed.EmbeddingRecord;
import org.brickbox.stages.embed.EmbeddingRecordCoder;
import org.brickbox.stages.fuse.FuseStage;
import org.brickbox.stages.fuse.ViewCues;
import org.brickbox.stages.render.RenderRecord;

/**
 * The QA stage: render records (and, when the run embeds, their vectors) → every image measured (OpenCV) →
 * views grouped by part for near-duplicates and embedding outliers → one {@link QaRecord} per image. Writes
 * {@code qa/metrics-*.jsonl} (all verdicts) and {@code qa/quarantine.jsonl} (the failures, with reasons; their
 * images stay on disk), and returns the quarantined keys and the manifest's {@code qa} section. An image that
 * cannot be read is a dead letter with its key; the rest of the run goes on. In a rebuild, the verdicts an earlier
 * run gave the images it keeps ({@link #EARLIER}) spare measuring them again where they still hold; the part's
 * review is always redone, over all its views.
 */
public final class QaStage extends PTransform<PCollectionTuple, QaResult> {
  public static final String NAME = "qa";
  /** Changes whenever metrics or rules change meaning; the manifest's qa stage version. */
  public static final String VERSION = "brickbox-qa-1";
  public static final TupleTag<RenderRecord> RENDERS = new TupleTag<>("qa-renders") {};
  public static final TupleTag<EmbeddingRecord> EMBEDDINGS = new TupleTag<>("qa-embeddings") {};
  /** In a rebuild, the records of the images it keeps (then {@link #RENDERS} holds only the new ones); optional. */
  public static final TupleTag<RenderRecord> KEPT = new TupleTag<>("qa-kept-renders") {};
  /** Verdicts of an earlier run (its {@code qa/metrics-*.jsonl} lines) for {@link #KEPT} images; with them. */
  public static final TupleTag<QaRecord> EARLIER = new TupleTag<>("qa-earlier-verdicts") {};
  /**
   * Each view's silhouette cues and colour by render key, for the fuse stage ({@link FuseStage#withCues}), when the
   * config asks for them; their dead letters and logs (stage fuse) are among QA's.
   */
  public static final TupleTag<KV<String, ViewCues>> VIEW_CUES = new TupleTag<>("qa-view-cues") {};
  static final TupleTag<KV<String, MeasuredView>> MEASURED = new TupleTag<>("qa-measured") {};
  static final TupleTag<MeasuredView> VIEWS = new TupleTag<>("qa-views") {};
  static final TupleTag<EmbeddingRecord> VECTORS = new TupleTag<>("qa-vectors") {};
  static final TupleTag<QaRecord> RECORDS = new TupleTag<>("qa-records") {};
  private static final TupleTag<RenderRecord> KEPT_BY_PART = new TupleTag<>("qa-kept-by-part") {};
  private static final TupleTag<QaRecord> EARLIER_BY_PART = new TupleTag<>("qa-earlier-by-part") {};

  private final QaConfig config;

  public QaStage(QaConfig config) {
    super(NAME);
    this.config = config;
  }

  /** The stage's input: the render records, plus the run's vectors when it has any ({@code embeddings} may be null). */
  public static PCollectionTuple input(PCollection<RenderRecord> renders, PCollection<EmbeddingRecord> embeddings) {
    PCollectionTuple input = PCollectionTuple.of(RENDERS, renders);
    return embeddings == null ? input : input.and(EMBEDDINGS, embeddings);
  }

  /**
   * A rebuild's input: the images it made ({@code made}, measured), those it keeps ({@code kept}, each joined with
   * its verdict in {@code earlier}, measured only where that does not hold) and its vectors (may be null). Only the
   * kept images wait for the join; the new ones go to measuring as they are rendered.
   */
  public static PCollectionTuple input(PCollection<RenderRecord> made, PCollection<RenderRecord> kept,
      PCollection<EmbeddingRecord> embeddings, PCollection<QaRecord> earlier) {
    return input(made, embeddings).and(KEPT, kept).and(EARLIER, earlier);
  }

  @Override
  public QaResult expand(PCollectionTuple input) {
    var measured = imagesToMeasure(input)
        .apply("MeasureImages", ParDo.of(new MeasureImageFn(config))
            .withOutputTags(MEASURED, StageResult.sideTags().and(VIEW_CUES)));
    StageResult<KV<String, MeasuredView>> measuring = StageResult.of(measured, MEASURED);
    measuring.output().setCoder(KvCoder.of(StringUtf8Coder.of(), JsonCoder.of(MeasuredView.class)));
    PCollection<KV<String, ViewCues>> viewCues = measured.get(VIEW_CUES)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), JsonCoder.of(ViewCues.class)));

    KeyedPCollectionTuple<String> byPart = KeyedPCollectionTuple.of(VIEWS, measuring.output());
    if (input.has(EMBEDDINGS)) {
      byPart = byPart.and(VECTORS, input.get(EMBEDDINGS)
          .apply("KeyVectorsByPart", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                  TypeDescriptor.of(EmbeddingRecord.class)))
              .via((EmbeddingRecord e) -> KV.of(e.partId(), e)))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), EmbeddingRecordCoder.of())));
    }
    var reviewed = byPart
        .apply("GroupByPart", CoGroupByKey.create())
        .apply("ReviewParts", ParDo.of(new ReviewPartFn(config.thresholds(), input.has(EMBEDDINGS)))
            .withOutputTags(RECORDS, StageResult.sideTags()));
    StageResult<QaRecord> review = StageResult.of(reviewed, RECORDS);
    PCollection<QaRecord> records = review.output().setCoder(JsonCoder.of(QaRecord.class));

    String qaDir = config.outputDir() + "/qa";
    PCollection<QaRecord> quarantined = records.apply("Quarantined", Filter.by((QaRecord r) -> !r.passed()));
    PCollection<String> files = PCollectionList
        .of(jsonLines("Metrics", records).apply("WriteMetrics", WriteSortedJsonl.to(qaDir, "metrics", config.shards())))
        .and(jsonLines("Quarantine", quarantined).apply("WriteQuarantine", WriteSortedJsonl.to(qaDir, "quarantine", 1)))
        .apply("QaFiles", Flatten.pCollections());
    PCollection<String> quarantinedKeys = quarantined
        .apply("QuarantinedKeys", MapElements.into(TypeDescriptors.strings()).via(QaRecord::key));
    PCollection<FailureRecord> failures = PCollectionList.of(measuring.failures()).and(review.failures())
        .apply("QaFailures", Flatten.pCollections());
    PCollection<OperationLogRecord> logs = PCollectionList.of(measuring.logs()).and(review.logs())
        .apply("QaLogs", Flatten.pCollections());
    return new QaResult(records, quarantinedKeys, files,
        records.apply("Summarise", new SummariseQa(config.thresholds())), failures, logs,
        config.viewCues() ? viewCues : null);
  }

  /** Each render record; a kept one with its earlier verdict of the same key, when the input has kept ones. */
  private static PCollection<ImageToMeasure> imagesToMeasure(PCollectionTuple input) {
    PCollection<ImageToMeasure> renders = input.get(RENDERS)
        .apply("ImagesToMeasure", MapElements.into(TypeDescriptor.of(ImageToMeasure.class))
            .via((RenderRecord r) -> new ImageToMeasure(r, null)))
        .setCoder(JsonCoder.of(ImageToMeasure.class));
    if (!input.has(KEPT)) return renders;
    // Joined by part, not by render key: a part's views are few, and the DirectRunner's cost grows with the number
    // of keys a grouping has (by render key, the demo's rerun of 1,440 images spent a minute in its bookkeeping).
    PCollection<KV<String, RenderRecord>> keptByPart = input.get(KEPT)
        .apply("KeyKeptRendersByPart", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                TypeDescriptor.of(RenderRecord.class)))
            .via((RenderRecord r) -> KV.of(r.partId(), r)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), JsonCoder.of(RenderRecord.class)));
    PCollection<KV<String, QaRecord>> earlierByPart = input.get(EARLIER)
        .apply("KeyEarlierVerdictsByPart", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                TypeDescriptor.of(QaRecord.class)))
            .via((QaRecord q) -> KV.of(q.partId(), q)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), JsonCoder.of(QaRecord.class)));
    PCollection<ImageToMeasure> kept = KeyedPCollectionTuple.of(KEPT_BY_PART, keptByPart)
        .and(EARLIER_BY_PART, earlierByPart)
        .apply("JoinEarlierVerdicts", CoGroupByKey.create())
        .apply("KeptImagesToMeasure", ParDo.of(new WithEarlierVerdictFn()))
        .setCoder(JsonCoder.of(ImageToMeasure.class));
    return PCollectionList.of(renders).and(kept).apply("AllImagesToMeasure", Flatten.pCollections());
  }

  /**
   * A part's kept render records, each with the one earlier verdict of its key if there is exactly one (verdicts of
   * keys the run does not keep are dropped).
   */
  private static final class WithEarlierVerdictFn extends DoFn<KV<String, CoGbkResult>, ImageToMeasure> {
    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> part, OutputReceiver<ImageToMeasure> out) {
      Map<String, List<QaRecord>> earlier = new HashMap<>();
      for (QaRecord q : part.getValue().getAll(EARLIER_BY_PART)) {
        earlier.computeIfAbsent(q.key(), k -> new ArrayList<>()).add(q);
      }
      for (RenderRecord r : part.getValue().getAll(KEPT_BY_PART)) {
        List<QaRecord> verdicts = earlier.getOrDefault(r.key(), List.of());
        out.output(new ImageToMeasure(r, verdicts.size() == 1 ? verdicts.get(0) : null));
      }
    }
  }

  private static PCollection<KV<String, String>> jsonLines(String name, PCollection<QaRecord> records) {
    return records.apply("Key" + name, MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
            TypeDescriptors.strings()))
        .via((QaRecord r) -> KV.of(r.key(), Json.line(r))));
  }
}
