package org.brickbox.fuse;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A silhouette's cues ({@link ShapeCues#FEATURES}, in that order), its hole count and, where the part's surface
 * repeats clearly along its length, how many times ({@link PeriodCount}).
 *
 * @param periods the repeats along the part's longer axis (studs, holes, tubes); null where none is clear, or not
 *     measured (the image was not at hand)
 */
public record ShapeDescriptor(float[] features, int holes, Float periods) implements Serializable {
  public ShapeDescriptor {
    if (features.length != ShapeCues.FEATURES.length) {
      throw new IllegalArgumentException(features.length + " shape features, expected " + ShapeCues.FEATURES.length);
    }
  }

  public ShapeDescriptor(float[] features, int holes) {
    this(features, holes, null);
  }

  /** This silhouette with the repeats counted on its image ({@link PeriodCount.Result#clearCount}): null for NaN. */
  public ShapeDescriptor withPeriods(double count) {
    return new ShapeDescriptor(features, holes, Double.isNaN(count) ? null : (float) count);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShapeDescriptor other && holes == other.holes && Arrays.equals(features, other.features)
        && Objects.equals(periods, other.periods);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(features) + holes) + Objects.hashCode(periods);
  }

  @Override
  public String toString() {
    return "ShapeDescriptor" + Arrays.toString(features);
  }
}
