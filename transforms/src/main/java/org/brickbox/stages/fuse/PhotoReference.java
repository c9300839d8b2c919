package org.brickbox.stages.fuse;

import java.util.List;
import org.brickbox.fuse.PhotoPreparation;
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
 * @param partLength the part's length in pixels of the photo as taken, where its silhouette is whole
 *     ({@link org.brickbox.fuse.PhotoPreparation.Prepared#partLength}); null otherwise, and in records written before
 *     it was kept (those kept the box's longer side as {@code partPixels}, which renders' sizes no longer compare with)
 * @param pixelsPerMm the camera's scale this run gave the photo (null: unknown); with {@code partLength} it makes
 *     the part's size, so a changed calibration changes the sizes without preparing or embedding anything again
 * @param crops the crop images embedded, relative to the output directory
 * @param preparation how the photo was prepared ({@link PhotoPreparation#VERSION}); null in records written before
 *     it was kept (version 1)
 */
public record PhotoReference(String key, String partId, String capture, String photo, String sha256,
    String segmentation, double confidence, ShapeDescriptor shape, float[] rgb, Double partLength,
    Double pixelsPerMm, List<String> crops, Integer preparation, String model, String modelVersion, float[] vector) {

  /**
   * Whether this reference can stand for {@code task} under {@code modelVersion}, without preparing it again: the
   * same photo bytes, model and way of preparing photos, and, where the task has a scale, the part's length known (a
   * record written before it was kept is prepared again then).
   */
  public boolean current(PhotoTask task, String modelVersion) {
    boolean sizeable = task.pixelsPerMm() == null || shape == null || partLength != null;
    return key.equals(task.key()) && sha256.equals(task.sha256())
        && java.util.Objects.equals(this.modelVersion, modelVersion) && sizeable
        && preparation != null && preparation == PhotoPreparation.VERSION;
  }

  /** This reference at the scale a run gives its photo now. */
  public PhotoReference withScale(Double scale) {
    return new PhotoReference(key, partId, capture, photo, sha256, segmentation, confidence, shape, rgb, partLength,
        scale, crops, preparation, model, modelVersion, vector);
  }

  /** This prepared photo with its crops' pooled vector and the model that embedded them. */
  PhotoReference withVector(String embeddedBy, String embeddedByVersion, float[] pooled) {
    return new PhotoReference(key, partId, capture, photo, sha256, segmentation, confidence, shape, rgb, partLength,
        pixelsPerMm, crops, preparation, embeddedBy, embeddedByVersion, pooled);
  }

  /** The part's size in millimetres: its length at the camera's scale; NaN where either is unknown. */
  public double sizeMm() {
    return partLength != null && pixelsPerMm != null ? partLength / pixelsPerMm : Double.NaN;
  }

  /** As a view for the index build: marked as a photo, no colour code or view index, its size where known. */
  FuseView view() {
    return new FuseView(new ViewCues(key, partId, "", -1, null, -1, shape, rgb, 0, sizeMm(), capture),
        new EmbeddingRecord(key, partId, -1, -1, model, modelVersion, vector));
  }
}
