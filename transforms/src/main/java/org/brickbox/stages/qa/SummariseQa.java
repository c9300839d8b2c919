package org.brickbox.stages.qa;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.ApproximateQuantiles;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Mean;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.brickbox.beam.JsonCoder;
import org.brickbox.io.records.Json;
import org.brickbox.qa.QaRecord;
import org.brickbox.qa.QaThresholds;
import org.brickbox.stages.qa.QaSection.MetricSummary;

/**
 * QA records → the manifest's {@code qa} section as one (name, JSON object) element: verdict counts by a combine,
 * and per metric the mean ({@code Mean.perKey}) and 5th / 95th percentiles ({@code ApproximateQuantiles.perKey} at
 * every 5 %), so no worker ever holds all values of a large run.
 */
final class SummariseQa extends PTransform<PCollection<QaRecord>, PCollection<KV<String, String>>> {
  /** Quantiles at 0 %, 5 %, ..., 100 %: index 1 is p5 and index 19 is p95. */
  private static final int QUANTILES = 21;
  private static final TupleTag<List<Double>> QUANTILE_TAG = new TupleTag<>() {};
  private static final TupleTag<Double> MEAN_TAG = new TupleTag<>() {};

  private final QaThresholds thresholds;

  SummariseQa(QaThresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public PCollection<KV<String, String>> expand(PCollection<QaRecord> records) {
    PCollection<KV<String, Double>> values = records.apply("MetricValues",
        FlatMapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.doubles()))
            .via((QaRecord r) -> r.metrics().entrySet().stream().map(e -> KV.of(e.getKey(), e.getValue())).toList()));
    PCollection<KV<String, List<Double>>> quantiles =
        values.apply("Quantiles", ApproximateQuantiles.<String, Double>perKey(QUANTILES));
    PCollection<KV<String, Double>> means = values.apply("Means", Mean.perKey());
    PCollectionView<Map<String, MetricSummary>> summaries = KeyedPCollectionTuple.of(QUANTILE_TAG, quantiles)
        .and(MEAN_TAG, means)
        .apply("JoinMetricStats", CoGroupByKey.create())
        .apply("MetricSummaries", ParDo.of(new DoFn<KV<String, CoGbkResult>, KV<String, MetricSummary>>() {
          @ProcessElement
          public void process(@Element KV<String, CoGbkResult> metric, OutputReceiver<KV<String, MetricSummary>> out) {
            List<Double> q = metric.getValue().getOnly(QUANTILE_TAG);
            double mean = metric.getValue().getOnly(MEAN_TAG);
            out.output(KV.of(metric.getKey(), new MetricSummary(mean, q.get(1), q.get(QUANTILES - 2))));
          }
        }))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), JsonCoder.of(MetricSummary.class)))
        .apply("MetricSummariesView", View.asMap());
    Map<String, Object> limits = thresholds.asMap();
    return records
        .apply("CountVerdicts", Combine.globally(new CountVerdictsFn()))
        .apply("QaSection", ParDo.of(new DoFn<Verdicts, KV<String, String>>() {
          @ProcessElement
          public void process(ProcessContext c) {
            Verdicts v = c.element();
            QaSection section = new QaSection(v.images, v.passed, v.images - v.passed, v.reasons,
                new TreeMap<>(c.sideInput(summaries)), limits);
            c.output(KV.of(QaSection.NAME, Json.line(section)));
          }
        }).withSideInputs(summaries))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
  }

  /** Image, pass and per-reason counts; mergeable sums. */
  @JsonAutoDetect(fieldVisibility = Visibility.ANY)
  static final class Verdicts implements Serializable {
    long images;
    long passed;
    final Map<String, Long> reasons = new TreeMap<>();
  }

  static final class CountVerdictsFn extends CombineFn<QaRecord, Verdicts, Verdicts> {
    @Override
    public Verdicts createAccumulator() {
      return new Verdicts();
    }

    @Override
    public Verdicts addInput(Verdicts acc, QaRecord record) {
      acc.images++;
      if (record.passed()) acc.passed++;
      record.reasons().forEach(reason -> acc.reasons.merge(reason, 1L, Long::sum));
      return acc;
    }

    @Override
    public Verdicts mergeAccumulators(Iterable<Verdicts> accumulators) {
      Verdicts merged = new Verdicts();
      for (Verdicts v : accumulators) {
        merged.images += v.images;
        merged.passed += v.passed;
        v.reasons.forEach((reason, n) -> merged.reasons.merge(reason, n, Long::sum));
      }
      return merged;
    }

    @Override
    public Verdicts extractOutput(Verdicts acc) {
      return acc;
    }

    @Override
    public Coder<Verdicts> getAccumulatorCoder(CoderRegistry registry, Coder<QaRecord> inputCoder) {
      return JsonCoder.of(Verdicts.class);
    }

    @Override
    public Coder<Verdicts> getDefaultOutputCoder(CoderRegistry registry, Coder<QaRecord> inputCoder) {
      return JsonCoder.of(Verdicts.class);
    }
  }
}
