package org.brickbox.fuse;

import java.io.Serializable;
import java.util.Arrays;

/** A silhouette's cues ({@link ShapeCues#FEATURES}, in that order) and its hole count. */
public record ShapeDescriptor(float[] features, int holes) implements Serializable {
  public ShapeDescriptor {
    if (features.length != ShapeCues.FEATURES.length) {
      throw new IllegalArgumentException(features.length + " shape features, expected " + ShapeCues.FEATURES.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShapeDescriptor other && holes == other.holes && Arrays.equals(features, other.features);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(features) + holes;
  }

  @Override
  public String toString() {
    return "ShapeDescriptor" + Arrays.toString(features);
  }
}
