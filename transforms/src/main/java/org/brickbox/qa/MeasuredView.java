package org.brickbox.qa;

import java.io.Serializable;
import org.brickbox.fuse.ImageCues;

/**
 * One measured image: its render key, what it shows, where it is (relative to the output), its metrics, the hashes of
 * the image and mask measured and, when the run fuses, the cues read off the same pixels (null otherwise).
 */
public record MeasuredView(String key, String partId, int colourCode, int viewIndex, String image,
    ImageMetrics metrics, String imageSha256, String maskSha256, ImageCues cues) implements Serializable {

  /**
   * The measurement a verdict was made from, as it was measured: its metrics without what the part's review added
   * ({@link PartReview}: distances to other views).
   *
   * @throws IllegalArgumentException when the verdict lacks a metric that is always measured
   */
  public static MeasuredView reusedFrom(QaRecord verdict) {
    return new MeasuredView(verdict.key(), verdict.partId(), verdict.colourCode(), verdict.viewIndex(),
        verdict.image(), ImageMetrics.of(verdict.metrics(), verdict.phash()), verdict.imageSha256(),
        verdict.maskSha256(), verdict.cues());
  }
}
