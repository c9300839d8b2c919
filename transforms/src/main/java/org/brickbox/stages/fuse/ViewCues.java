package org.brickbox.stages.fuse;

import org.brickbox.fuse.ColourEstimate;
import org.brickbox.fuse.ShapeCues;
import org.brickbox.fuse.ShapeDescriptor;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.stages.render.RenderRecord;

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

  /**
   * A rendered view's cues from its decoded image (RGB) and mask (grey).
   *
   * @throws IllegalArgumentException when the image and the mask differ in size
   */
  public static ViewCues of(RenderRecord r, DecodedImage image, DecodedImage mask) {
    if (image.width() != mask.width() || image.height() != mask.height()) {
      throw new IllegalArgumentException("image " + image.width() + "x" + image.height() + " and mask "
          + mask.width() + "x" + mask.height() + " differ in size");
    }
    ShapeDescriptor shape = ShapeCues.of(mask.pixels(), mask.width(), mask.height());
    float[] rgb = ColourEstimate.medianRgb(image.pixels(), mask.pixels());
    double fill = ShapeCues.fill(mask.pixels(), mask.width(), mask.height());
    return new ViewCues(r.key(), r.partId(), r.description(), r.colourCode(), r.colourName(), r.viewIndex(), shape, rgb,
        fill, null);
  }
}
