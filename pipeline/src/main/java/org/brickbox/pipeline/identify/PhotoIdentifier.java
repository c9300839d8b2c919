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

  /** A photo that cannot be used: unreadable, or no part in it. */
  public static final class UnusablePhotoException extends IllegalArgumentException {
    UnusablePhotoException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The ranking and the part's colour (nearest of the index's colours, from all photos' measured colours). */
  public record Answer(Identification identification, ColourCentroid colour) {}

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
   * @param photos encoded images, one physical part seen from one or more sides
   * @param names what to call each photo in errors (e.g. its file name)
   */
  public Answer identify(List<byte[]> photos, List<String> names, int topK) {
    List<DecodedImage> images = new ArrayList<>(photos.size());
    List<PhotoPreparation.Prepared> prepared = new ArrayList<>(photos.size());
    for (int i = 0; i < photos.size(); i++) {
      try {
        PhotoPreparation.Prepared p = PhotoPreparation.prepare(ImageCodec.decodeRgb(photos.get(i)),
            index.manifest().imageSize(), index.manifest().referenceFill());
        prepared.add(p);
        images.add(p.image());
      } catch (RuntimeException e) {
        throw new UnusablePhotoException(names.get(i) + ": " + e.getMessage(), e);
      }
    }
    List<float[]> vectors = embedder.embed(images);
    List<QueryView> views = new ArrayList<>(photos.size());
    float[] rgb = new float[3];
    for (int i = 0; i < vectors.size(); i++) {
      views.add(new QueryView(names.get(i), null, -1, vectors.get(i), prepared.get(i).shape()));
      for (int c = 0; c < 3; c++) rgb[c] += prepared.get(i).rgb()[c] / vectors.size();
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
