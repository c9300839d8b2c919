package org.brickbox.fuse;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.brickbox.io.image.DecodedImage;

/**
 * What fusion reads off one rendered image's pixels besides its vector: silhouette cues, the part's measured colour
 * (median RGB under the mask, 0..255), how much of the frame the part spans ({@code fill}: longer side of its
 * bounding box over the image size, what photos are framed by) and the part's length over the image size
 * ({@code length}: {@link ShapeCues#length}, along the part whatever its angle; what its size is measured by). Kept
 * with the image's QA verdict, so a rebuild that keeps the image keeps them, while they were read by this reader
 * ({@link #VERSION}).
 *
 * @param version the reader that read them; null for cues kept before readers were versioned
 */
public record ImageCues(ShapeDescriptor shape, float[] rgb, double fill, double length, String version)
    implements Serializable {
  /**
   * What {@link #read} reads; a rebuild reads again the cues another version read. 2: the repeat count; 3: the
   * length.
   */
  public static final String VERSION = "cues-3";

  /** Whether these cues are what {@link #read} would read now. */
  public boolean current() {
    return VERSION.equals(version);
  }

  /**
   * Reads the cues of a decoded image (RGB) and its coverage mask (grey).
   *
   * @throws IllegalArgumentException when the image and the mask differ in size, or the mask is empty
   */
  public static ImageCues read(DecodedImage image, DecodedImage mask) {
    if (image.width() != mask.width() || image.height() != mask.height()) {
      throw new IllegalArgumentException("image " + image.width() + "x" + image.height() + " and mask "
          + mask.width() + "x" + mask.height() + " differ in size");
    }
    ShapeCues.Measured silhouette = ShapeCues.measure(mask.pixels(), mask.width(), mask.height());
    ShapeDescriptor shape = silhouette.shape()
        .withPeriods(PeriodCount.of(image.pixels(), mask.pixels(), image.width(), image.height()).clearCount());
    float[] rgb = ColourEstimate.medianRgb(image.pixels(), mask.pixels());
    double fill = ShapeCues.fill(mask.pixels(), mask.width(), mask.height());
    double length = silhouette.length() / Math.max(mask.width(), mask.height());
    return new ImageCues(shape, rgb, fill, length, VERSION);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageCues other && Double.compare(fill, other.fill) == 0
        && Double.compare(length, other.length) == 0
        && Objects.equals(shape, other.shape) && Arrays.equals(rgb, other.rgb) && Objects.equals(version, other.version);
  }

  @Override
  public int hashCode() {
    return Objects.hash(shape, Arrays.hashCode(rgb), fill, length, version);
  }

  @Override
  public String toString() {
    return "ImageCues[shape=" + shape + ", rgb=" + Arrays.toString(rgb) + ", fill=" + fill + ", length=" + length
        + ", version=" + version + "]";
  }
}
