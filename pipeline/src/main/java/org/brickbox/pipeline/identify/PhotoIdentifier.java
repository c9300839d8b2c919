package org.brickbox.pipeline.identify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.brickbox.embed.DjlEngine;
import org.brickbox.embed.Embedder;
import org.brickbox.embed.EmbeddingModel;
import org.brickbox.embed.ModelSpec;
import org.brickbox.fuse.ColourCentroid;
import org.brickbox.fuse.Identification;
import org.brickbox.fuse.PhotoPreparation;
import org.brickbox.fuse.QueryView;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.stages.fuse.IndexStore;

/**
 * Identifies one physical part from one or more photos against a run's reference index: each photo is decoded
 * (any size; PNG, JPEG, WebP; EXIF orientation applied), the part is cut out of its background and framed like the
 * renders, embedded with the index's own model, and all views are fused into one ranking.
 */
public final class PhotoIdentifier implements AutoCloseable {
  private final IndexStore.Opened index;
  private final EmbeddingModel model;
  private final Embedder embedder;

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

  /** The ranking and the part's colour (nearest of the index's colours, from all photos' measured colours). */
  public record Answer(Identification identification, ColourCentroid colour) {}

  /** A photo decoded, cut out of its background and framed like the renders: ready for the model. */
  public record PreparedPhoto(String name, PhotoPreparation.Prepared cutOut) {}

  /** A prepared photo with its embedding: one view to fuse, alone or with other photos of the same part. */
  public record EmbeddedPhoto(QueryView view, float[] rgb) {}

  public PhotoIdentifier(Path indexDir, DjlEngine engine) {
    this.index = IndexStore.open(indexDir);
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

  public IndexStore.Opened index() {
    return index;
  }

  /**
   * Decode, prepare, embed and fuse: {@link #prepare} each photo, {@link #embed} them in one batch, {@link #fuse}.
   *
   * @param photos encoded images, one physical part seen from one or more sides
   * @param names what to call each photo in errors (e.g. its file name)
   * @throws UnusablePhotoException for the first photo that cannot be read or shows no part
   */
  public Answer identify(List<byte[]> photos, List<String> names, int topK) {
    List<PreparedPhoto> prepared = new ArrayList<>(photos.size());
    for (int i = 0; i < photos.size(); i++) prepared.add(prepare(photos.get(i), names.get(i)));
    return fuse(embed(prepared), topK);
  }

  /**
   * Decodes one photo (any size; PNG, JPEG, WebP; EXIF orientation applied), finds the part and frames it like the
   * index's renders.
   *
   * @throws UnusablePhotoException when it cannot be decoded or shows no part
   */
  public PreparedPhoto prepare(byte[] photo, String name) {
    try {
      return new PreparedPhoto(name, PhotoPreparation.prepare(ImageCodec.decodeRgb(photo),
          index.manifest().imageSize(), index.manifest().referenceFill()));
    } catch (RuntimeException e) {
      throw new UnusablePhotoException(name, e.getMessage(), e);
    }
  }

  /** Embeds prepared photos with the index's model, as one batch. */
  public List<EmbeddedPhoto> embed(List<PreparedPhoto> photos) {
    List<DecodedImage> images = new ArrayList<>(photos.size());
    for (PreparedPhoto p : photos) images.add(p.cutOut().image());
    List<float[]> vectors = embedder.embed(images);
    List<EmbeddedPhoto> embedded = new ArrayList<>(photos.size());
    for (int i = 0; i < vectors.size(); i++) {
      PreparedPhoto p = photos.get(i);
      embedded.add(new EmbeddedPhoto(new QueryView(p.name(), null, -1, vectors.get(i), p.cutOut().shape()),
          p.cutOut().rgb()));
    }
    return embedded;
  }

  /** Fuses photos of one physical part into one ranking of the index's parts, and names the part's colour. */
  public Answer fuse(List<EmbeddedPhoto> photos, int topK) {
    List<QueryView> views = new ArrayList<>(photos.size());
    float[] rgb = new float[3];
    for (EmbeddedPhoto p : photos) {
      views.add(p.view());
      for (int c = 0; c < 3; c++) rgb[c] += p.rgb()[c] / photos.size();
    }
    Identification identification = index.index().identify(views, index.manifest().weights(), topK,
        index.manifest().ambiguousMargin());
    return new Answer(identification, ColourCentroid.nearest(index.manifest().colours(), rgb));
  }

  @Override
  public void close() {
    embedder.close();
    model.close();
    index.close();
  }
}
