package org.brickbox.stages.fuse;

import java.util.List;
import org.brickbox.fuse.ColourCentroid;
import org.brickbox.fuse.FusionWeights;
import org.brickbox.fuse.HnswSearch;
import org.brickbox.fuse.PhotoComparison;

/**
 * {@code index/index.json}: what the reference index holds and how to query it — the model that made its vectors
 * (queries must use the same), the fitted fusion weights, the silhouette feature scale, colour centroids and how
 * much of the frame parts fill in the renders (photos are cropped to match), and how photos are compared with its
 * photo references ({@code photoComparison}: null in an index written before it was recorded, see {@link
 * #photoComparisonOf}), and how its references' sizes were measured ({@code sizeMeasure}: {@link #SIZE_ALONG_PART};
 * null in an index written before, whose sizes are their bounding boxes' longer sides, see {@link
 * #sizesAlongPart}).
 */
public record IndexManifest(
    int formatVersion,
    String runId,
    String model,
    String modelVersion,
    int dimension,
    int parts,
    int references,
    String searchMode,
    HnswSearch.Parameters hnsw,
    FusionWeights weights,
    double ambiguousMargin,
    float[] shapeScale,
    List<ColourCentroid> colours,
    double referenceFill,
    int imageSize,
    PhotoComparison photoComparison,
    String sizeMeasure) {
  /** 2: five silhouette features (elongation, solidity, extent, circularity, holes) instead of twelve. */
  public static final int FORMAT_VERSION = 2;
  public static final String FILE = "index.json";
  public static final String REFERENCES = "references.jsonl";
  public static final String VECTORS = "vectors.npy";
  public static final String HNSW_DIR = "hnsw";
  /** {@code sizeMeasure} of an index whose sizes are the parts' lengths along them ({@code ImageCues#length}). */
  public static final String SIZE_ALONG_PART = "length";

  /**
   * Whether the references' sizes are lengths along the part, as a photo's are measured now: an index written before
   * 2026-12-07 measured them by the bounding box, which reads a turned part short, and a photo's size does not
   * compare with those.
   */
  public boolean sizesAlongPart() {
    return SIZE_ALONG_PART.equals(sizeMeasure);
  }

  /**
   * How the index compares photos with its photo references: as recorded; where nothing is recorded, {@link
   * PhotoComparison#COSINE} for an index holding photos (its photo weight was fitted so) and the current comparison
   * for one without (photos added later, e.g. by {@code bench photos --shots}, are compared as a new build would).
   */
  public PhotoComparison photoComparisonOf(boolean holdsPhotos) {
    if (photoComparison != null) return photoComparison;
    return holdsPhotos ? PhotoComparison.COSINE : PhotoComparison.CURRENT;
  }
}
