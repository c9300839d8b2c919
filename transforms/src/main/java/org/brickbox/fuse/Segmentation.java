package org.brickbox.fuse;

import java.util.List;
import org.brickbox.io.image.DecodedImage;

/**
 * Where the part is in a photo, as a segmenter found it: a binary mask at the analysis resolution ({@code width} ×
 * {@code height}, {@code scale} analysis pixels per photo pixel), the part's box in photo pixels, the photo borders
 * the part runs over, how it was found and how far that is to be trusted. A {@link Method#WHOLE_FRAME} result means
 * no segmentation was trusted: its mask covers the whole photo and the photo is to be used as it is.
 *
 * @param confidence 0 (no idea) to 1; below {@link PhotoSegmenter#MIN_CONFIDENCE} the segmenter falls back to the
 *     whole frame and keeps what it found in {@code rejected}
 * @param cut the photo borders the part's mask touches ({@code left}, {@code top}, {@code right}, {@code bottom}):
 *     the part is cut there and continues outside the photo
 * @param background the surface's colour near the part, RGB 0..255 (what a segmented crop is put on)
 * @param cues the measurements the confidence is made of (of the rejected segmentation after a fallback; null when
 *     nothing was found)
 * @param reason one line on why the result is what it is (e.g. why the whole frame was used)
 * @param rejected the method tried before falling back to the whole frame, with its confidence; else null
 * @param analysed the photo area-resampled to {@code width} × {@code height} as the segmenter analysed it, kept so
 *     that what is measured at that size next (the part's colour) need not resample the photo again; null where the
 *     segmenter kept none (a mask placed from a window, a whole-frame fallback)
 */
public record Segmentation(Method method, double confidence, int width, int height, double scale, byte[] mask,
    Box box, List<String> cut, float[] background, Cues cues, String reason, Rejected rejected,
    DecodedImage analysed) {
  public Segmentation {
    if (analysed != null && (analysed.width() != width || analysed.height() != height || analysed.channels() != 3)) {
      throw new IllegalArgumentException("the analysed photo must be RGB at " + width + " x " + height + ", was "
          + analysed.width() + " x " + analysed.height() + " x " + analysed.channels());
    }
  }

  /** How the part was found. */
  public enum Method {
    /** Lab background model from the border, shadows discounted, refined by GrabCut. */
    GRABCUT("grabcut"),
    /**
     * The surface model's detections, cleaned, that seeded GrabCut: used when GrabCut's own mask is not trusted and
     * they are.
     */
    DETECTIONS("detections"),
    /** The first photo path: a colour plane fitted to the border, Otsu's threshold on the distance to it. */
    BORDER_PLANE("border-plane"),
    /** Not segmented: the whole photo is the part's crop. */
    WHOLE_FRAME("whole-frame");

    private final String label;

    Method(String label) {
      this.label = label;
    }

    /** The name written in outputs ({@code identify --json}, crop sidecars). */
    public String label() {
      return label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** An axis-aligned box in photo pixels: left, top, width, height. */
  public record Box(int x, int y, int width, int height) {
    /** The box in pixels {@code factor} times as large (an image decoded reduced, back in the photo's pixels). */
    public Box scaled(double factor) {
      if (factor == 1) return this;
      int x0 = (int) Math.round(x * factor);
      int y0 = (int) Math.round(y * factor);
      return new Box(x0, y0, (int) Math.round((x + width) * factor) - x0, (int) Math.round((y + height) * factor) - y0);
    }
  }

  /**
   * What the confidence is made of, each 0..1 except {@code contrast}: {@code contrast} is how far the part stands out
   * from the background model, in multiples of the detection threshold (median over the mask); {@code edgeSupport}
   * the share of the mask's outline (away from the photo's border) that lies on an image edge; {@code borderContact}
   * the share of the photo's border the mask covers; {@code solidity} the mask's area over its convex hull's;
   * {@code agreement} the overlap (IoU) of the refined mask with the background model's own threshold mask;
   * {@code coverage} the mask's share of the photo.
   */
  public record Cues(double contrast, double edgeSupport, double borderContact, double solidity, double agreement,
      double coverage) {}

  /** A segmentation that was found but not trusted. */
  public record Rejected(Method method, double confidence, Box box) {
    Rejected scaled(double factor) {
      return new Rejected(method, confidence, box.scaled(factor));
    }
  }

  /** True when a part was segmented (not the whole-frame fallback). */
  public boolean segmented() {
    return method != Method.WHOLE_FRAME;
  }

  /** The mask's share of the analysed photo. */
  public double coverage() {
    int n = 0;
    for (byte b : mask) if (b != 0) n++;
    return n / (double) mask.length;
  }
}
