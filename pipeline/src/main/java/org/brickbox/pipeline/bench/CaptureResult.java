package org.brickbox.pipeline.bench;

import java.util.List;
import org.brickbox.fuse.PartScore;
import org.brickbox.fuse.PhotoReport;

/**
 * One capture of a labelled photo folder identified: each photo alone, and all its usable photos fused as
 * {@code identify} fuses them. A rank is the 1-based place of the true part among the top-K candidates, 0 when it
 * is not among them (always for a part the index does not hold) or when there is no answer.
 *
 * @param candidates the fused top-K, best first; empty when no photo of the capture could be used
 */
public record CaptureResult(String partId, String capture, boolean partInIndex, List<PhotoResult> photos,
    List<PartScore> candidates, int rank) {

  /**
   * One photo identified alone; {@code error} (and no prediction) when it cannot be read or shows no part;
   * {@code segmentation} says how the photo was used (null when it could not be).
   */
  public record PhotoResult(String path, String predicted, int rank, String error, PhotoReport segmentation) {}

  /** The fused answer's first part, or null when there is none. */
  public String predicted() {
    return candidates.isEmpty() ? null : candidates.get(0).partId();
  }
}
