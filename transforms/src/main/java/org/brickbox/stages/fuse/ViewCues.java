package org.brickbox.stages.fuse;

import org.brickbox.fuse.ShapeDescriptor;

/**
 * What the fuse stage reads off one rendered image besides its vector: silhouette cues, measured colour, and how
 * much of the frame the part spans ({@code fill}: longer side of its bounding box over the image size).
 *
 * @param capture for a user's labelled photo ({@link PhotoReference}), the capture it is of (one physical part's
 *     photos; what fitting the photo weight leaves out at a time); null for a render
 */
public record ViewCues(String key, String partId, String description, int colourCode, String colourName,
    int viewIndex, ShapeDescriptor shape, float[] rgb, double fill, String capture) {
  /**
   * A user's labelled photo rather than a render: always a reference view, never split off for validation or
   * queries, and not counted in the colour centroids or the reference fill.
   */
  public boolean photo() {
    return capture != null;
  }
}
