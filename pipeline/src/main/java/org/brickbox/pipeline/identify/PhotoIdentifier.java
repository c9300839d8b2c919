package org.brickbox.pipeline.identify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.brickbox.embed.BuiltinModel;
import org.brickbox.embed.DjlEngine;
import org.brickbox.embed.Embedder;
import org.brickbox.embed.EmbeddingModel;
import org.brickbox.embed.ModelSpec;
import org.brickbox.fuse.ColourCentroid;
import org.brickbox.fuse.CropPooling;
import org.brickbox.fuse.FusionWeights;
import org.brickbox.fuse.Identification;
import org.brickbox.fuse.PhotoPreparation;
import org.brickbox.fuse.PhotoQuery;
import org.brickbox.fuse.PhotoSegmenter;
import org.brickbox.fuse.ReferenceIndex;
import org.brickbox.fuse.ReferenceView;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.image.ImageHeader;
import org.brickbox.stages.fuse.IndexStore;

/**
 * Identifies one physical part from one or more photos against a run's reference index: each photo is decoded
 * (any size; PNG, JPEG, WebP; EXIF orientation applied), the part is found ({@link PhotoSegmenter}, or the whole
 * frame when that is not trusted) and cut into several crops ({@link PhotoPreparation}), every crop is embedded
 * with the index's own model, each photo's crops are pooled and all photos are fused into one ranking.
 *
 * <p>{@link #prepare} and {@link #fuse} are thread-safe (OpenCV work is per call, the index is read-only);
 * {@link #embed} is not: it runs the one DJL predictor, so one thread at a time must call it.
 */
public final class PhotoIdentifier implements AutoCloseable {
  /** The crop pooling identify uses: chosen on the photo proxy benchmark (BENCHMARKS.md). */
  public static final CropPooling DEFAULT_POOLING = CropPooling.MEAN;
  /** How many candidates identify and serve answer unless told otherwise. */
  public static final int DEFAULT_TOP = 5;

  private final IndexStore.Opened index;
  private final EmbeddingModel model;
  private final Embedder embedder;
  private final PhotoPreparation.CropSet crops;
  private final CropPooling pooling;
  private final FusionWeights weights;
  private final long maxPixels;
  private final Path indexDir;

  /** A photo that cannot be used: unreadable, or no part in it. The message names the photo, then the reason. */
  public static final class UnusablePhotoException extends IllegalArgumentException {
    private final String reason;

    UnusablePhotoException(String photo, String reason, Throwable cause) {
      super(photo + ": " + reason, cause);
      this.reason = reason;
    }

    /** Why the photo cannot be used, without its name. */
    public String reason() {
      return reason;
    }
  }

  /** The ranking and the part's colour (nearest of the index's colours, from the photos' measured colours). */
  public record Answer(Identification identification, ColourCentroid colour) {}

  /**
   * A photo decoded, segmented and cut into crops: ready for the model.
   *
   * @param pixelsPerMm the camera's scale at the part (pixels of the photo as taken per millimetre), NaN if unknown
   */
  public record PreparedPhoto(String name, PhotoPreparation.Prepared prepared, double pixelsPerMm) {
    public PreparedPhoto(String name, PhotoPreparation.Prepared prepared) {
      this(name, prepared, Double.NaN);
    }

    /** {@link PhotoPreparation.Prepared#partLength}: the part's length in photo pixels, or NaN. */
    public double partLength() {
      return prepared.partLength();
    }

    /** The part's size in millimetres, {@link #partLength} at the camera's scale; NaN where either is unknown. */
    public double sizeMm() {
      return pixelsPerMm > 0 ? partLength() / pixelsPerMm : Double.NaN;
    }
  }

  /** A prepared photo with its crops' embeddings: one photo to fuse, alone or with other photos of the same part. */
  public record EmbeddedPhoto(PreparedPhoto photo, PhotoQuery query) {}

  public PhotoIdentifier(Path indexDir, DjlEngine engine) {
    this(indexDir, engine, ImageHeader.DEFAULT_MAX_PIXELS);
  }

  /** @param maxPixels a photo whose header declares more pixels is refused before it is decoded */
  public PhotoIdentifier(Path indexDir, DjlEngine engine, long maxPixels) {
    this(indexDir, engine, maxPixels, PhotoPreparation.CropSet.DEFAULT);
  }

  /** @param crops the crops each photo is embedded as; pooled and fused as the index says */
  public PhotoIdentifier(Path indexDir, DjlEngine engine, long maxPixels, PhotoPreparation.CropSet crops) {
    this(indexDir, engine, maxPixels, crops, DEFAULT_POOLING, UnaryOperator.identity());
  }

  /**
   * @param maxPixels a photo whose header declares more pixels is refused before it is decoded
   * @param crops the crops each photo is embedded as
   * @param pooling how a photo's crops are combined
   * @param weightChange how the index's fitted weights are changed, to measure a choice (e.g. another
   *     {@link FusionWeights#viewConfidence()} or {@link FusionWeights#photoWeight()}); identity for the index's own
   */
  public PhotoIdentifier(Path indexDir, DjlEngine engine, long maxPixels, PhotoPreparation.CropSet crops,
      CropPooling pooling, UnaryOperator<FusionWeights> weightChange) {
    if (maxPixels < 1) throw new IllegalArgumentException("--maxPixels must be >= 1, was " + maxPixels);
    this.maxPixels = maxPixels;
    this.indexDir = indexDir;
    this.crops = crops;
    this.pooling = pooling;
    this.index = IndexStore.open(indexDir);
    FusionWeights fitted = index.manifest().weights();
    this.weights = weightChange.apply(fitted);
    EmbeddingModel loaded = EmbeddingModel.load(ModelSpec.parse(index.manifest().model()), engine);
    if (!loaded.version().equals(index.manifest().modelVersion())) {
      String found = loaded.version();
      loaded.close();
      index.close();
      throw new IllegalArgumentException("the index was built with model " + index.manifest().modelVersion()
          + " but '" + index.manifest().model() + "' is now " + found + ": rebuild the index with this model");
    }
    this.model = loaded;
    this.embedder = model.newEmbedder();
  }

  /**
   * What someone identifying photographs should know about this index before trusting its answers, or null: an
   * index embedded with the built-in CAD model ({@code --style=CAD} runs), which has never been trained on photographs.
   */
  public String photoWarning() {
    return photoWarning(index.manifest().model());
  }

  static String photoWarning(String modelSpec) {
    if (!ModelSpec.parse(modelSpec).equals(ModelSpec.builtin(BuiltinModel.CAD))) return null;
    return "warning: this index was embedded with the built-in CAD model (builtin:cad, what --style=CAD runs use), "
        + "which has never been trained on photographs; identify photos against an index built in the default PHOTO "
        + "style";
  }

  public IndexStore.Opened index() {
    return index;
  }

  public PhotoPreparation.CropSet cropSet() {
    return crops;
  }

  public CropPooling pooling() {
    return pooling;
  }

  /** The fusion weights photos are ranked with. */
  public FusionWeights weights() {
    return weights;
  }

  /**
   * Decode, prepare, embed and fuse: {@link #prepare} each photo, {@link #embed} them in one batch, {@link #fuse}.
   *
   * @param photos encoded images, one physical part seen from one or more sides
   * @param names what to call each photo in errors (e.g. its file name)
   * @throws UnusablePhotoException for the first photo that cannot be read or shows no part
   */
  public Answer identify(List<byte[]> photos, List<String> names, int topK) {
    return fuse(embed(prepareAll(photos, names)), topK);
  }

  /** {@link #prepare} of each photo, in order. */
  public List<PreparedPhoto> prepareAll(List<byte[]> photos, List<String> names) {
    double[] unknown = new double[photos.size()];
    Arrays.fill(unknown, Double.NaN);
    return prepareAll(photos, names, unknown);
  }

  /** {@link #prepare(byte[], String, double)} of each photo, in order, each at its own camera's scale. */
  public List<PreparedPhoto> prepareAll(List<byte[]> photos, List<String> names, double[] pixelsPerMm) {
    if (pixelsPerMm.length != photos.size()) {
      throw new IllegalArgumentException(pixelsPerMm.length + " scales for " + photos.size() + " photos");
    }
    List<PreparedPhoto> prepared = new ArrayList<>(photos.size());
    for (int i = 0; i < photos.size(); i++) prepared.add(prepare(photos.get(i), names.get(i), pixelsPerMm[i]));
    return prepared;
  }

  /**
   * Decodes one photo (PNG, JPEG, WebP, whole, up to the pixel limit; EXIF orientation applied), finds the part (or
   * falls back to the whole frame) and cuts the crops to embed.
   *
   * @throws UnusablePhotoException when it is not a whole PNG, JPEG or WebP, declares more pixels than allowed (its
   *     cause an {@link org.brickbox.io.image.ImageTooLargeException}), cannot be decoded or shows nothing at all
   */
  public PreparedPhoto prepare(byte[] photo, String name) {
    return prepare(photo, name, Double.NaN);
  }

  /**
   * {@link #prepare(byte[], String)} of a photo whose camera's scale is known: its part's size then joins the
   * silhouette's cues ({@link org.brickbox.fuse.SilhouetteDistance}).
   *
   * @param pixelsPerMm pixels of the photo as taken per millimetre at the part; NaN for unknown
   * @throws IllegalArgumentException for a scale that is not a positive number, or an index without sizes
   */
  public PreparedPhoto prepare(byte[] photo, String name, double pixelsPerMm) {
    if (!Double.isNaN(pixelsPerMm)) requireScale(pixelsPerMm);
    return prepare(decode(photo, name), name, pixelsPerMm, List::of, Runnable::run);
  }

  /**
   * The first step of {@link #prepare(byte[], String, double)}: the photo decoded (reduced when large).
   *
   * @throws UnusablePhotoException when it is not a whole PNG, JPEG or WebP or declares more pixels than allowed
   */
  public ImageCodec.Reduced decode(byte[] photo, String name) {
    try {
      return PhotoPreparation.decode(photo, maxPixels);
    } catch (RuntimeException e) {
      throw new UnusablePhotoException(name, e.getMessage(), e);
    }
  }

  /**
   * The crops of a decoded photo known before its part is found ({@link PhotoPreparation#cropsBeforeSegmentation}):
   * they can be cut and embedded while it is segmented, and {@link #prepare(ImageCodec.Reduced, String, double,
   * Supplier, Executor)} takes them as they are.
   */
  public List<PhotoPreparation.Crop> cropsBeforeSegmentation(ImageCodec.Reduced decoded) {
    return PhotoPreparation.cropsBeforeSegmentation(decoded.image(), index.manifest().imageSize(), crops);
  }

  /**
   * The rest of {@link #prepare(byte[], String, double)}: finds the part in the decoded photo and cuts its crops,
   * taking those in {@code cutAlready} as they are.
   *
   * @param cutAlready asked for once the part is found (they may be cut on another thread meanwhile)
   * @param unmaskedCutter where the crops that are the photo itself are cut while the masked one is cut here
   *     ({@link PhotoPreparation#prepare(org.brickbox.io.image.DecodedImage, org.brickbox.fuse.Segmentation, int,
   *     double, PhotoPreparation.CropSet, List, Executor)}); {@code Runnable::run} cuts them here
   * @throws UnusablePhotoException when the photo shows nothing at all, or {@code cutAlready} fails
   */
  public PreparedPhoto prepare(ImageCodec.Reduced decoded, String name, double pixelsPerMm,
      Supplier<List<PhotoPreparation.Crop>> cutAlready, Executor unmaskedCutter) {
    if (!Double.isNaN(pixelsPerMm)) requireScale(pixelsPerMm);
    try {
      return new PreparedPhoto(name, PhotoPreparation.prepareDecoded(decoded, index.manifest().imageSize(),
          index.manifest().referenceFill(), crops, cutAlready, unmaskedCutter), pixelsPerMm);
    } catch (RuntimeException e) {
      throw new UnusablePhotoException(name, e.getMessage(), e);
    }
  }

  /** Embeds every crop of the prepared photos with the index's model, as one batch. */
  public List<EmbeddedPhoto> embed(List<PreparedPhoto> photos) {
    List<DecodedImage> images = crops(photos);
    return withVectors(photos, images.isEmpty() ? List.of() : embedder.embed(images));
  }

  /**
   * Another predictor of the index's model, for a thread that embeds beside {@link #embed}'s (each thread its own;
   * the model is shared). Close it when the thread is done.
   */
  public Embedder newEmbedder() {
    return model.newEmbedder();
  }

  /** The images to embed for these photos: each photo's crops in turn. */
  public static List<DecodedImage> crops(List<PreparedPhoto> photos) {
    List<DecodedImage> images = new ArrayList<>();
    for (PreparedPhoto p : photos) for (PhotoPreparation.Crop c : p.prepared().crops()) images.add(c.image());
    return images;
  }

  /** The photos with their crops' vectors, in {@link #crops} order, however they were embedded. */
  public static List<EmbeddedPhoto> withVectors(List<PreparedPhoto> photos, List<float[]> vectors) {
    int crops = photos.stream().mapToInt(p -> p.prepared().crops().size()).sum();
    if (vectors.size() != crops) throw new IllegalArgumentException(vectors.size() + " vectors for " + crops + " crops");
    List<EmbeddedPhoto> embedded = new ArrayList<>(photos.size());
    int next = 0;
    for (PreparedPhoto p : photos) {
      int n = p.prepared().crops().size();
      embedded.add(new EmbeddedPhoto(p, new PhotoQuery(p.name(), vectors.subList(next, next + n),
          p.prepared().shape(), p.sizeMm())));
      next += n;
    }
    return embedded;
  }

  /**
   * Fuses photos of one physical part into one ranking of the index's parts, and names the part's colour from the
   * photos where the part was segmented (none when every photo fell back to the whole frame).
   */
  public Answer fuse(List<EmbeddedPhoto> photos, int topK) {
    return fuse(index.index(), photos, topK);
  }

  /** {@link #fuse(List, int)} against {@code references}: the index, or the index with photos added to it. */
  public Answer fuse(ReferenceIndex references, List<EmbeddedPhoto> photos, int topK) {
    return fuse(references, photos, topK, weights);
  }

  /** {@link #fuse(ReferenceIndex, List, int)} with other fusion weights than {@link #weights()} (to compare them). */
  public Answer fuse(ReferenceIndex references, List<EmbeddedPhoto> photos, int topK, FusionWeights weights) {
    List<PhotoQuery> queries = new ArrayList<>(photos.size());
    float[] rgb = new float[3];
    int coloured = 0;
    for (EmbeddedPhoto p : photos) {
      queries.add(p.query());
      float[] c = p.photo().prepared().rgb();
      if (c == null) continue;
      coloured++;
      for (int k = 0; k < 3; k++) rgb[k] += c[k];
    }
    Identification identification = references.identifyPhotos(queries, pooling, weights, topK,
        index.manifest().ambiguousMargin());
    if (coloured == 0) return new Answer(identification, null);
    for (int k = 0; k < 3; k++) rgb[k] /= coloured;
    return new Answer(identification, ColourCentroid.nearest(index.manifest().colours(), rgb));
  }

  /**
   * {@code renders} (this identifier's index, or a part of it) with labelled photos added as reference views ({@link
   * ReferenceIndex#withPhotos}): each photo is one reference, its vector the mean direction of its crops, its
   * silhouette the one it was segmented with (none when it was used whole) and its size where its camera's scale was
   * given.
   *
   * @param partIds the true part of each photo
   */
  public static ReferenceIndex withPhotoReferences(ReferenceIndex renders, List<EmbeddedPhoto> photos,
      List<String> partIds) {
    List<ReferenceView> views = new ArrayList<>(photos.size());
    float[][] vectors = new float[photos.size()][];
    for (int i = 0; i < photos.size(); i++) {
      EmbeddedPhoto p = photos.get(i);
      double size = p.query().sizeMm();
      views.add(new ReferenceView(p.photo().name(), partIds.get(i), "", -1, -1, p.query().shape(), true,
          Double.isNaN(size) ? null : size));
      vectors[i] = ReferenceIndex.photoVector(p.query());
    }
    return renders.withPhotos(views, vectors);
  }

  /**
   * Checks a camera scale given for photos: a positive number, and an index whose references have sizes to compare.
   *
   * @throws IllegalArgumentException saying which
   */
  public void requireScale(double pixelsPerMm) {
    if (!(pixelsPerMm > 0) || Double.isInfinite(pixelsPerMm)) {
      throw new IllegalArgumentException("pixels per millimetre must be a positive number, was " + pixelsPerMm);
    }
    requireSizes();
  }

  /**
   * Checks that the index's references have sizes ({@link ReferenceView#sizeMm}) measured as a photo's are, along
   * the part: what a camera's scale is used and fitted with.
   *
   * @throws IllegalArgumentException for an index written before sizes were stored, or before they were measured
   *     along the part, with the command that mends it
   */
  public void requireSizes() {
    String why = !index.index().hasSizes() ? "holds no sizes of its references (written before BrickBox measured them)"
        : !index.manifest().sizesAlongPart() ? "measured its references' sizes by their bounding boxes (written before"
            + " 2026-12-07), which read a turned part short and do not compare with a photo's length"
        : null;
    if (why != null) {
      throw new IllegalArgumentException("the reference index at " + indexDir + " " + why + ", so a camera's scale"
          + " cannot be used: rebuild it with ./brickbox run and the run's options (an incremental run redoes only"
          + " the view cues and the index)");
    }
  }

  @Override
  public void close() {
    embedder.close();
    model.close();
    index.close();
  }
}
