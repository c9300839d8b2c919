package org.brickbox.stages.embed;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.brickbox.beam.LiveProgress;
import org.brickbox.beam.LiveProgressFn;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.embed.Embedder;
import org.brickbox.embed.EmbeddingModel;
import org.brickbox.embed.EmbeddingModels;
import org.brickbox.embed.ModelInfo;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.OperationLogRecord.Status;

/**
 * Embeds one batch in one forward pass of the configured batch size, an incomplete batch filled up
 * ({@link Embedder#embedInPassesOf}), so that an image's vector does not depend on how this run happened to batch it.
 * The model is loaded once per JVM and shared ({@link EmbeddingModels}, acquired in {@code @Setup}, released in
 * {@code @Teardown}); each DoFn instance, which Beam runs on one thread at a time, owns its predictor.
 */
final class EmbedBatchFn extends LiveProgressFn<KV<Integer, Iterable<ImageRef>>, EmbeddingRecord> {
  private final EmbedConfig config;
  private final String journalDir;
  private final String embeddedName;
  private final String failedName;
  private final Counter embedded;
  private final Counter failed;
  private final Distribution batchMs = Metrics.distribution(EmbedStage.NAME, "batch_ms");
  private transient EmbeddingModel model;
  private transient Embedder embedder;
  private transient ModelInfo info;

  /**
   * @param journalDir the output directory whose {@link VectorJournal} gets each batch's vectors; null for none
   * @param embeddedName the counter (namespace {@link EmbedStage#NAME}) of images embedded
   * @param failedName the counter of images that failed
   */
  EmbedBatchFn(EmbedConfig config, String journalDir, String embeddedName, String failedName) {
    this.config = config;
    this.journalDir = journalDir;
    this.embeddedName = embeddedName;
    this.failedName = failedName;
    embedded = Metrics.counter(EmbedStage.NAME, embeddedName);
    failed = Metrics.counter(EmbedStage.NAME, failedName);
  }

  @Setup
  public void setup() {
    model = EmbeddingModels.acquire(config.model(), config.engine());
    embedder = model.newEmbedder();
    info = model.info();
  }

  @ProcessElement
  public void process(@Element KV<Integer, Iterable<ImageRef>> batch, MultiOutputReceiver out,
      PipelineOptions options) {
    long start = System.nanoTime();
    List<ImageRef> refs = new ArrayList<>();
    List<DecodedImage> images = new ArrayList<>();
    List<String> imageSha256 = new ArrayList<>();
    int failures = 0;
    for (ImageRef ref : batch.getValue()) {
      try {
        byte[] bytes = OutputFiles.read(FileSystems.matchNewResource(ref.uri(), false));
        images.add(ImageCodec.decodeRgb(bytes));
        if (journalDir != null) imageSha256.add(Hashes.sha256Hex(bytes));
        refs.add(ref);
      } catch (Exception e) {
        failures++;
        out.get(StageResult.FAILURES).output(OperationLogs.failure(EmbedStage.NAME, ref.key(), ref.uri(), e));
      }
    }
    long decoded = System.nanoTime();
    String batchKey = refs.isEmpty() ? "batch/empty" : "batch/" + refs.get(0).key();
    List<float[]> vectors;
    try {
      vectors = embedder.embedInPassesOf(config.batchSize(), images);
    } catch (RuntimeException e) {
      for (ImageRef ref : refs) {
        out.get(StageResult.FAILURES).output(OperationLogs.failure(EmbedStage.NAME, ref.key(), ref.uri(), e));
      }
      failed.inc(refs.size() + failures);
      LiveProgress.count(options, EmbedStage.NAME, failedName, refs.size() + failures);
      out.get(StageResult.LOGS).output(OperationLogs.record(EmbedStage.NAME, "embed_batch", batchKey, Status.FAILED,
          start, metadata(refs.size() + failures, refs.size() + failures, decoded - start, 0), OperationLogs.describe(e)));
      return;
    }
    long inferred = System.nanoTime();
    List<EmbeddingRecord> made = new ArrayList<>(refs.size());
    for (int i = 0; i < refs.size(); i++) {
      ImageRef r = refs.get(i);
      EmbeddingRecord record = new EmbeddingRecord(r.key(), r.partId(), r.colourCode(), r.viewIndex(), info.spec(),
          info.version(), vectors.get(i));
      out.get(EmbedStage.VECTORS).output(record);
      made.add(record);
    }
    if (journalDir != null) {
      try {
        VectorJournal.write(journalDir, made, imageSha256);
      } catch (IOException | RuntimeException e) {
        // The vectors are whole; only a rerun after a failed run would embed these images again.
        out.get(StageResult.LOGS).output(OperationLogs.record(EmbedStage.NAME, "journal_vectors", batchKey,
            Status.WARNING, inferred, Map.of("images", made.size()),
            "a rerun after a failure would embed these images again: " + OperationLogs.describe(e)));
      }
    }
    embedded.inc(refs.size());
    failed.inc(failures);
    LiveProgress.count(options, EmbedStage.NAME, embeddedName, refs.size());
    LiveProgress.count(options, EmbedStage.NAME, failedName, failures);
    batchMs.update((inferred - start) / 1_000_000);
    out.get(StageResult.LOGS).output(OperationLogs.record(EmbedStage.NAME, "embed_batch", batchKey,
        failures == 0 ? Status.OK : Status.WARNING, start,
        metadata(refs.size() + failures, failures, decoded - start, inferred - decoded), null));
  }

  private Map<String, Object> metadata(int size, int failures, long decodeNanos, long inferNanos) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("size", size);
    m.put("failed", failures);
    m.put("decode_ms", decodeNanos / 1_000_000);
    m.put("infer_ms", inferNanos / 1_000_000);
    m.put("device", model.device().toString());
    m.put("model", info.version());
    return m;
  }

  @Teardown
  public void teardown() {
    if (embedder != null) embedder.close();
    if (model != null) EmbeddingModels.release(model);
    embedder = null;
    model = null;
  }
}
