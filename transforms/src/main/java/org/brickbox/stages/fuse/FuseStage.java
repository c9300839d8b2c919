package org.brickbox.stages.fuse;

import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
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
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.brickbox.beam.JsonCoder;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.io.records.OperationLogRecord.Status;
import org.brickbox.stages.embed.EmbedConfig;
import org.brickbox.stages.embed.EmbedStage;
import org.brickbox.stages.embed.EmbeddingRecord;
import org.brickbox.stages.embed.ImageRef;
import org.brickbox.stages.embed.EmbeddingRecordCoder;
import org.brickbox.stages.render.RenderRecord;

/**
 * The fuse stage: render records → silhouette cues and colour per view; joined by key with the embeddings, minus
 * quarantined keys → one index build over all views (reference/validation/query split per part) → the index in
 * {@code OUT/index/}, one record per query view, and the manifest's {@code accuracy} section ({@link #SECTION});
 * the files written under {@link #FILES}. A user's labelled photos join as reference views: each is prepared as
 * identify prepares a photo (framed like the renders), its crops embedded by the embed stage's code and averaged
 * ({@link PhotoReferenceFn}); photos the previous run already made references of come in as they were. Every photo
 * reference, new or reused, is output under {@link #PHOTOS}.
 */
public final class FuseStage extends PTransform<PCollection<EmbeddingRecord>, StageResult<FuseQueryRecord>> {
  public static final String NAME = "fuse";
  /** Changes when scoring, fusion or the index layout change. */
  // 4: silhouettes compared by elongation (SilhouetteDistance); 5: reference views carry their size in millimetres;
  // 7: that size is the part's length along it, whatever its angle (ImageCues 3), so a rerun reads the cues again;
  // 8: the photo weight fitted as parts photographed and as parts not, so a rerun with photos fits it again;
  // 9: the photo weight fitted in the mix of the index's parts, tested against 0, never on photos the model trained on
  public static final String VERSION = "brickbox-fuse-9";
  /** The operation that reads a view's silhouette cues and colour (one log record per view). */
  public static final String VIEW_CUES = "view_cues";
  static final TupleTag<KV<String, ViewCues>> CUES = new TupleTag<>("fuse-cues") {};
  static final TupleTag<FuseQueryRecord> QUERIES = new TupleTag<>("fuse-queries") {};
  /** (section name, JSON): the manifest's {@code accuracy} section. */
  public static final TupleTag<KV<String, String>> SECTION = new TupleTag<>("fuse-section") {};
  /** URIs of the index files written. */
  public static final TupleTag<String> FILES = new TupleTag<>("fuse-files") {};
  /** The photo references in the index. */
  public static final TupleTag<PhotoReference> PHOTOS = new TupleTag<>("fuse-photos") {};

  private static final TupleTag<EmbeddingRecord> EMBEDDED = new TupleTag<>("embedded") {};
  private static final TupleTag<ViewCues> SEEN = new TupleTag<>("seen") {};
  private static final TupleTag<String> QUARANTINED = new TupleTag<>("quarantined") {};

  private final FuseConfig config;
  private final PCollection<RenderRecord> renders;
  private final PCollection<String> quarantinedKeys;
  private final PCollection<PhotoTask> photos;
  private final PCollection<PhotoReference> reusedPhotos;
  private final EmbedConfig embed;
  private final PCollection<KV<String, ViewCues>> givenCues;

  /**
   * @param renders the render records of the views (their masks and images give the cues)
   * @param quarantinedKeys render keys QA keeps out of the index
   * @param photos labelled photos to prepare, embed (with {@code embed}) and add as references
   * @param reusedPhotos photo references of the previous run still current (same photo bytes and model)
   */
  public FuseStage(FuseConfig config, PCollection<RenderRecord> renders, PCollection<String> quarantinedKeys,
      PCollection<PhotoTask> photos, PCollection<PhotoReference> reusedPhotos, EmbedConfig embed) {
    this(config, renders, quarantinedKeys, photos, reusedPhotos, embed, null);
  }

  private FuseStage(FuseConfig config, PCollection<RenderRecord> renders, PCollection<String> quarantinedKeys,
      PCollection<PhotoTask> photos, PCollection<PhotoReference> reusedPhotos, EmbedConfig embed,
      PCollection<KV<String, ViewCues>> givenCues) {
    super(NAME);
    this.config = config;
    this.renders = renders;
    this.quarantinedKeys = quarantinedKeys;
    this.photos = photos;
    this.reusedPhotos = reusedPhotos;
    this.embed = embed;
    this.givenCues = givenCues;
  }

  /**
   * This stage taking every render's cues as given (by render key) instead of reading them off its image and mask:
   * QA decodes the same files ({@link org.brickbox.stages.qa.QaStage#VIEW_CUES}); decoding each image once less took
   * a whole-library run's embed phase from 37.0 to 35.2 minutes. Whoever gives them also gives their dead letters and
   * logs ({@link ViewCueLogs}).
   */
  public FuseStage withCues(PCollection<KV<String, ViewCues>> cues) {
    return new FuseStage(config, renders, quarantinedKeys, photos, reusedPhotos, embed, cues);
  }

  @Override
  public StageResult<FuseQueryRecord> expand(PCollection<EmbeddingRecord> embeddings) {
    PCollection<KV<String, ViewCues>> viewCues = givenCues;
    PCollectionList<FailureRecord> cueFailures = PCollectionList.empty(embeddings.getPipeline());
    PCollectionList<OperationLogRecord> cueLogs = PCollectionList.empty(embeddings.getPipeline());
    if (viewCues == null) {
      var cues = renders.apply("ViewCues", ParDo.of(new ViewCuesFn(config.outputDir()))
          .withOutputTags(CUES, StageResult.sideTags()));
      cues.get(CUES).setCoder(KvCoder.of(StringUtf8Coder.of(), JsonCoder.of(ViewCues.class)));
      StageResult<KV<String, ViewCues>> cueResult = StageResult.of(cues, CUES);
      viewCues = cueResult.output();
      cueFailures = cueFailures.and(cueResult.failures());
      cueLogs = cueLogs.and(cueResult.logs());
    }

    var byKey = KeyedPCollectionTuple
        .of(EMBEDDED, embeddings.apply("KeyEmbeddings", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                TypeDescriptor.of(EmbeddingRecord.class))).via((EmbeddingRecord e) -> KV.of(e.key(), e)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), EmbeddingRecordCoder.of())))
        .and(SEEN, viewCues)
        .and(QUARANTINED, quarantinedKeys.apply("KeyQuarantined", MapElements.into(TypeDescriptors.kvs(
                TypeDescriptors.strings(), TypeDescriptors.strings())).via((String k) -> KV.of(k, k)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
        .apply("JoinByKey", CoGroupByKey.create());
    var joined = byKey.apply("IndexableViews", ParDo.of(new JoinFn())
        .withOutputTags(JoinFn.VIEWS, TupleTagList.of(StageResult.LOGS)));
    joined.get(JoinFn.VIEWS).setCoder(KvCoder.of(VarIntCoder.of(), new FuseView.Coder()));
    joined.get(StageResult.LOGS).setCoder(JsonCoder.of(OperationLogRecord.class));

    PhotoReferences photoRefs = photoReferences(viewCues);
    var photoViews = photoRefs.all()
        .apply("PhotoViews", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(),
                TypeDescriptor.of(FuseView.class))).via((PhotoReference p) -> KV.of(0, p.view())))
        .setCoder(KvCoder.of(VarIntCoder.of(), new FuseView.Coder()));
    var built = PCollectionList.of(joined.get(JoinFn.VIEWS)).and(photoViews)
        .apply("RenderAndPhotoViews", Flatten.pCollections())
        .setCoder(KvCoder.of(VarIntCoder.of(), new FuseView.Coder()))
        .apply("AllViews", GroupByKey.create())
        .apply("BuildIndexAndEvaluate", ParDo.of(new BuildIndexFn(config))
            .withOutputTags(QUERIES, StageResult.sideTags().and(SECTION).and(FILES)));
    built.get(QUERIES).setCoder(JsonCoder.of(FuseQueryRecord.class));
    built.get(SECTION).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    built.get(FILES).setCoder(StringUtf8Coder.of());
    StageResult<FuseQueryRecord> result = StageResult.of(built, QUERIES);

    // One stage result: the index build's outputs plus the cue readers' and the join's side outputs.
    var failures = PCollectionList.of(result.failures()).and(cueFailures.getAll()).and(photoRefs.failures().getAll())
        .apply("FuseFailures", Flatten.pCollections())
        .setCoder(JsonCoder.of(FailureRecord.class));
    var logs = PCollectionList.of(result.logs()).and(cueLogs.getAll()).and(joined.get(StageResult.LOGS))
        .and(photoRefs.logs().getAll())
        .apply("FuseLogs", Flatten.pCollections())
        .setCoder(JsonCoder.of(OperationLogRecord.class));
    return StageResult.of(PCollectionTuple.of(QUERIES, result.output())
        .and(StageResult.FAILURES, failures).and(StageResult.LOGS, logs)
        .and(SECTION, built.get(SECTION)).and(FILES, built.get(FILES)).and(PHOTOS, photoRefs.all()), QUERIES);
  }

  /** Every photo reference (new and reused) and the dead letters and logs of making the new ones. */
  private record PhotoReferences(PCollection<PhotoReference> all, PCollectionList<FailureRecord> failures,
      PCollectionList<OperationLogRecord> logs) {}

  /** The photos prepared (framed like the renders' median), their crops embedded and averaged, plus the reused. */
  private PhotoReferences photoReferences(PCollection<KV<String, ViewCues>> cues) {
    PCollectionView<Double> renderFill = cues
        .apply("RenderFills", MapElements.into(TypeDescriptors.doubles()).via((KV<String, ViewCues> c) ->
            c.getValue().fill()))
        .apply("MedianRenderFill", Combine.globally(new MedianFill()).asSingletonView());
    var prepared = photos.apply("PreparePhotos", ParDo.of(new PreparePhotoFn(config.outputDir(), config.imageSize(), config.maxPhotoPixels(),
            renderFill)).withSideInputs(renderFill)
        .withOutputTags(PreparePhotoFn.CROPS, StageResult.sideTags().and(PreparePhotoFn.PREPARED)));
    prepared.get(PreparePhotoFn.PREPARED).setCoder(KvCoder.of(StringUtf8Coder.of(), JsonCoder.of(PhotoReference.class)));
    StageResult<EmbeddingRecord> cropVectors = prepared.get(PreparePhotoFn.CROPS).setCoder(JsonCoder.of(ImageRef.class))
        .apply("EmbedPhotoCrops", EmbedStage.photoCrops(embed));
    var made = KeyedPCollectionTuple.of(PhotoReferenceFn.PREPARED, prepared.get(PreparePhotoFn.PREPARED))
        .and(PhotoReferenceFn.CROP_VECTORS, cropVectors.output()
            .apply("KeyCropVectors", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                TypeDescriptor.of(EmbeddingRecord.class))).via((EmbeddingRecord e) ->
                KV.of(PreparePhotoFn.photoKeyOf(e.key()), e)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), EmbeddingRecordCoder.of())))
        .apply("JoinPhotoCrops", CoGroupByKey.create())
        .apply("PhotoReferences", ParDo.of(new PhotoReferenceFn()).withOutputTags(PHOTOS, StageResult.sideTags()));
    made.get(PHOTOS).setCoder(JsonCoder.of(PhotoReference.class));
    StageResult<PhotoReference> madeResult = StageResult.of(made, PHOTOS);
    PCollection<PhotoReference> all = PCollectionList.of(madeResult.output()).and(reusedPhotos)
        .apply("AllPhotoReferences", Flatten.pCollections()).setCoder(JsonCoder.of(PhotoReference.class));
    StageResult<ImageRef> preparedResult = StageResult.of(prepared, PreparePhotoFn.CROPS);
    return new PhotoReferences(all,
        PCollectionList.of(preparedResult.failures()).and(cropVectors.failures()).and(madeResult.failures()),
        PCollectionList.of(preparedResult.logs()).and(cropVectors.logs()).and(madeResult.logs()));
  }

  /** Keeps views that have both a vector and cues and are not quarantined; all under one key for the index build. */
  static final class JoinFn extends DoFn<KV<String, CoGbkResult>, KV<Integer, FuseView>> {
    static final TupleTag<KV<Integer, FuseView>> VIEWS = new TupleTag<>("fuse-views") {};

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> element, MultiOutputReceiver out) {
      long start = System.nanoTime();
      EmbeddingRecord embedding = element.getValue().getOnly(EMBEDDED, null);
      ViewCues cues = element.getValue().getOnly(SEEN, null);
      boolean quarantined = element.getValue().getAll(QUARANTINED).iterator().hasNext();
      if (quarantined) {
        out.get(StageResult.LOGS).output(OperationLogs.record(NAME, "exclude_quarantined", element.getKey(),
            Status.WARNING, start, Map.of(), "quarantined by QA: kept out of the index"));
      } else if (embedding != null && cues != null) {
        out.get(VIEWS).output(KV.of(0, new FuseView(cues, embedding)));
      }
      // A view without a vector or without cues already has its dead letter from the stage that failed on it.
    }
  }
}
