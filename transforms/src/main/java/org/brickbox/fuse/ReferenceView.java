package org.brickbox.fuse;

import java.io.Serializable;

/**
 * One reference image in the index: what it shows, and its silhouette cues. Its vector is kept by ordinal.
 *
 * @param shape the silhouette, or null when the reference has none (a user's photo used as a whole frame)
 * @param photo whether it is a user's labelled photo rather than a render: photos are pooled apart from renders
 *     ({@link ReferenceIndex#rank}), since a photo looks like other photos more than any render does
 * @param sizeMm the longer side of the part's bounding box in this view, in millimetres at the camera's target (a
 *     render's camera is known); null where unknown: a user's photo, an index written before sizes were measured
 */
public record ReferenceView(String key, String partId, String description, int colourCode, int viewIndex,
    ShapeDescriptor shape, boolean photo, Double sizeMm) implements Serializable {
  public ReferenceView(String key, String partId, String description, int colourCode, int viewIndex,
      ShapeDescriptor shape, boolean photo) {
    this(key, partId, description, colourCode, viewIndex, shape, photo, null);
  }

  /** {@link #sizeMm}, NaN where unknown. */
  public double size() {
    return sizeMm == null ? Double.NaN : sizeMm;
  }
}
