package org.brickbox.pipeline.identify;

/**
 * A camera's scale at the parts, in pixels of the photo (as taken) per millimetre, as users give it: an option of
 * {@code identify}, {@code bench photos} and {@code serve}, a field of a {@code serve} request, a line of a calibration
 * file. One reading for all of them, so that each refuses the same values with the same words.
 */
public final class CameraScale {
  private CameraScale() {}

  /**
   * The scale {@code text} gives: NaN (unknown) for none or blank, else a positive, finite number.
   *
   * @param what what the value was given as, for the error (e.g. {@code --pixelsPerMm})
   * @throws IllegalArgumentException for anything else
   */
  public static double parse(String text, String what) {
    if (text == null || text.isBlank()) return Double.NaN;
    try {
      double scale = Double.parseDouble(text.strip());
      if (scale > 0 && !Double.isInfinite(scale)) return scale;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(what + " must be a positive number of pixels per millimetre, was '"
        + text.strip() + "'");
  }
}
