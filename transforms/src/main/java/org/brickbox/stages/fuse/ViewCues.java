package org.brickbox.stages.fuse;

import org.brickbox.fuse.ImageCues;
import org.brickbox.fuse.ShapeDescriptor;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.render.CameraPose;
import org.brickbox.render.Vec3;
import org.brickbox.stages.render.RenderRecord;

/**
 * What the fuse stage reads off one rendered image besides its vector: silhouette cues, measured colour, and how
 * much of the frame the part spans ({@code fill}: longer side of its bounding box over the image size).
 *
 * @param sizeMm the part's length in millimetres at the camera's target ({@link ImageCues#length} times the frame,
 *     times the millimetres a pixel spans there: the render's camera is known, its distance to the target and its
 *     field of view); for a user's photo, its length at its camera's scale, NaN where that is not known
 * @param capture for a user's labelled photo ({@link PhotoReference}), the capture it is of (one physical part's
 *     photos; what fitting the photo weight leaves out at a time); null for a render
 */
public record ViewCues(String key, String partId, String description, int colourCode, String colourName,
    int viewIndex, ShapeDescriptor shape, float[] rgb, double fill, double sizeMm, String capture) {
  /** Millimetres per LDraw unit. */
  static final double MM_PER_LDU = 0.4;

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
        cues.shape(), cues.rgb(), cues.fill(), cues.length() * Math.max(r.width(), r.height()) * mmPerPixel(r), null);
  }

  /**
   * The millimetres one pixel of the render spans at its camera's target: the frame's height there (the pinhole's
   * field of view at the target's distance) over the image's rows; NaN for a record without its camera.
   */
  public static double mmPerPixel(RenderRecord r) {
    if (r.view() == null || r.view().camera() == null) return Double.NaN;
    CameraPose camera = r.view().camera();
    Vec3 p = camera.position();
    Vec3 t = camera.target();
    double distance = Math.sqrt((p.x() - t.x()) * (p.x() - t.x()) + (p.y() - t.y()) * (p.y() - t.y())
        + (p.z() - t.z()) * (p.z() - t.z()));
    return 2 * distance * Math.tan(Math.toRadians(camera.fovYDeg() / 2)) / r.height() * MM_PER_LDU;
  }
}
