package org.brickbox.stages.fuse;

import java.util.List;
import org.brickbox.fuse.ShapeDescriptor;
import org.brickbox.stages.embed.EmbeddingRecord;

/**
 * A user's photo made a reference view: how it was prepared, the crops embedded and its vector, the mean direction
 * of theirs. Written to {@code OUT/records/photos-*.jsonl}; a later run reuses it while the photo's bytes and the
 * model are the same, so new photos alone are prepared and embedded.
 *
 * @param segmentation the segmentation method ({@code grabcut}, or {@code whole-frame} after a fallback)
 * @param shape silhouette cues; null when the part was not segmented whole
 * @param rgb the part's median colour; null when the whole frame was used
 * @param crops the crop images embedded, relative to the output directory
 */
public record PhotoReference(String key, String partId, String capture, String photo, String sha256,
    String segmentation, double confidence, ShapeDescriptor shape, float[] rgb, List<String> crops, String model,
    String modelVersion, float[] vector) {

  /** Whether this reference can stand for {@code task} under {@code modelVersion}, without preparing it again. */
  public boolean current(PhotoTask task, String modelVersion) {
    return key.equals(task.key()) && sha256.equals(task.sha256()) && java.util.Objects.equals(this.modelVersion, modelVersion);
  }

  /** As a view for the index build: marked as a photo, no colour code or view index. */
  FuseView view() {
    return new FuseView(new ViewCues(key, partId, "", -1, null, -1, shape, rgb, 0, Double.NaN, capture),
        new EmbeddingRecord(key, partId, -1, -1, model, modelVersion, vector));
  }
}
