package org.brickbox.stages.embed;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.brickbox.beam.JsonCoder;
import org.brickbox.beam.StageResult;
import org.joda.time.Duration;

/**
 * The embed stage: images → batches ({@code GroupIntoBatches} over a few hash keys, so the model sees full
 * batches; size and maximum buffering time are options) → one L2-normalised vector per image. Images that
 * cannot be read or decoded go to the dead-letter output with their key; the rest of their batch is embedded.
 * One operation-log record per batch (size, milliseconds, device).
 */
public final class EmbedStage extends PTransform<PCollection<ImageRef>, StageResult<EmbeddingRecord>> {
  public static final String NAME = "embed";
  /** Counters (namespace {@link #NAME}) of images embedded and images that failed, one per image. */
  public static final String IMAGES_EMBEDDED = "images_embedded";
  public static final String IMAGES_FAILED = "images_failed";
  /**
   * The same for a user's photo crops ({@link #photoCrops}): counted apart, so that the run's progress towards its
   * planned images does not pass 100 %.
   */
  public static final String PHOTO_CROPS_EMBEDDED = "photo_crops_embedded";
  public static final String PHOTO_CROPS_FAILED = "photo_crops_failed";
  static final TupleTag<EmbeddingRecord> VECTORS = new TupleTag<>("embed-vectors") {};

  private final EmbedConfig config;
  private final String journalDir;
  private final String embeddedCounter;
  private final String failedCounter;

  public EmbedStage(EmbedConfig config) {
    this(config, null);
  }

  /**
   * @param journalDir the output directory whose {@link VectorJournal} records each batch's vectors as they are
   *     made (a run's own renders); null for none (benchmarks)
   */
  public EmbedStage(EmbedConfig config, String journalDir) {
    this(config, journalDir, IMAGES_EMBEDDED, IMAGES_FAILED);
  }

  private EmbedStage(EmbedConfig config, String journalDir, String embeddedCounter, String failedCounter) {
    super(NAME);
    this.config = config;
    this.journalDir = journalDir;
    this.embeddedCounter = embeddedCounter;
    this.failedCounter = failedCounter;
  }

  /**
   * Embeds the crops of a user's photos: no journal, counted as {@link #PHOTO_CROPS_EMBEDDED} and {@link
   * #PHOTO_CROPS_FAILED}.
   */
  public static EmbedStage photoCrops(EmbedConfig config) {
    return new EmbedStage(config, null, PHOTO_CROPS_EMBEDDED, PHOTO_CROPS_FAILED);
  }

  @Override
  public StageResult<EmbeddingRecord> expand(PCollection<ImageRef> images) {
    int keys = config.batchKeys();
    var keyed = images
        .apply("KeyForBatching", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(),
                TypeDescriptor.of(ImageRef.class)))
            .via((ImageRef r) -> KV.of(Math.floorMod(r.key().hashCode(), keys), r)))
        .setCoder(KvCoder.of(VarIntCoder.of(), JsonCoder.of(ImageRef.class)));
    var outputs = keyed
        .apply("Batch", GroupIntoBatches.<Integer, ImageRef>ofSize(config.batchSize())
            .withMaxBufferingDuration(Duration.millis(config.maxBufferingMs())))
        .apply("EmbedBatches", ParDo.of(new EmbedBatchFn(config, journalDir, embeddedCounter, failedCounter))
            .withOutputTags(VECTORS, StageResult.sideTags()));
    outputs.get(VECTORS).setCoder(EmbeddingRecordCoder.of());
    return StageResult.of(outputs, VECTORS);
  }
}
