package org.brickbox.pipeline.identify;

import java.util.Arrays;

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

  /**
   * The scales of {@code photos} photos from {@code text}: one scale for all of them (one camera), or one per photo in
   * their order, comma-separated (a machine whose cameras differ); none or blank gives NaN (unknown) to each.
   *
   * @throws IllegalArgumentException for a value {@link #parse} refuses, or a count that is neither one nor theirs
   */
  public static double[] parseEach(String text, String what, int photos) {
    double[] scales = new double[photos];
    if (text == null || text.isBlank()) {
      Arrays.fill(scales, Double.NaN);
      return scales;
    }
    String[] values = text.split(",", -1);
    if (values.length != 1 && values.length != photos) {
      throw new IllegalArgumentException(what + " gives " + values.length + " scales for " + photos
          + " photos: give one for all of them, or one per photo in their order");
    }
    for (int i = 0; i < photos; i++) {
      String value = values[values.length == 1 ? 0 : i];
      scales[i] = parse(value, what);
      if (Double.isNaN(scales[i])) throw new IllegalArgumentException(what + ": scale " + (i + 1) + " is empty");
    }
    return scales;
  }
}
