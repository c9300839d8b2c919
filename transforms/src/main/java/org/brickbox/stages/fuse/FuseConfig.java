package org.brickbox.stages.fuse;

import java.io.Serializable;
import java.util.List;
import java.util.TreeSet;
import org.brickbox.fuse.HnswSearch;

/**
 * Options of the fuse stage.
 *
 * @param queryViews views per part held out as queries (evaluation)
 * @param validationViews views per part held out to fit the fusion weights
 * @param splitSeed seed of the per-part view split
 * @param groupSize views per physical part in the multi-view evaluation
 * @param ambiguousMargin fused-score margin between first and second below which an answer is flagged ambiguous
 * @param imageSize the renders' size, the size photos are prepared to for identification
 * @param searchMode auto (exact up to {@code exactLimit} reference vectors, HNSW above), exact or hnsw
 * @param trainedPhotos the keys of the user's photos ({@code --photos}) the model was trained on, which the photo
 *     weight's fit does not query ({@link org.brickbox.fuse.FusionEvaluation#fitPhotoWeight})
 */
public record FuseConfig(String outputDir, String runId, int queryViews, int validationViews, long splitSeed,
    int groupSize, double ambiguousMargin, String searchMode, int exactLimit, HnswSearch.Parameters hnsw,
    int imageSize, long maxPhotoPixels, List<String> trainedPhotos)
    implements Serializable {
  public FuseConfig {
    trainedPhotos = List.copyOf(new TreeSet<>(trainedPhotos));
    if (maxPhotoPixels < 1) throw new IllegalArgumentException("--maxPhotoPixels must be >= 1, was " + maxPhotoPixels);
    if (queryViews < 0 || validationViews < 0) throw new IllegalArgumentException("held-out view counts must be >= 0");
    if (groupSize < 1) throw new IllegalArgumentException("--fuseGroupSize must be >= 1");
    if (!searchMode.equals("auto") && !searchMode.equals("exact") && !searchMode.equals("hnsw")) {
      throw new IllegalArgumentException("--indexSearch must be auto, exact or hnsw, was " + searchMode);
    }
  }

  /** This config with the keys of the photos the model was trained on. */
  public FuseConfig withTrainedPhotos(java.util.Collection<String> keys) {
    return new FuseConfig(outputDir, runId, queryViews, validationViews, splitSeed, groupSize, ambiguousMargin,
        searchMode, exactLimit, hnsw, imageSize, maxPhotoPixels, List.copyOf(keys));
  }

  /** The search an index of {@code references} vectors uses. */
  public String searchFor(int references) {
    if (!searchMode.equals("auto")) return searchMode;
    return references <= exactLimit ? "exact" : "hnsw";
  }
}
