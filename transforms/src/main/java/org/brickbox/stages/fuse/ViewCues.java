package org.brickbox.stages.fuse;

import org.brickbox.fuse.ImageCues;
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
    return of(r, ImageCues.read(image, mask));
  }

  /** A rendered view's cues as read earlier off its image ({@link ImageCues#read}). */
  public static ViewCues of(RenderRecord r, ImageCues cues) {
    return new ViewCues(r.key(), r.partId(), r.description(), r.colourCode(), r.colourName(), r.viewIndex(),
        cues.shape(), cues.rgb(), cues.fill(), null);
  }
}
