package org.brickbox.fuse;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_CCOMP;
import static org.bytedeco.opencv.global.opencv_imgproc.arcLength;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.convexHull;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.minAreaRect;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.RotatedRect;

/**
 * Silhouette cues of a part from its binary mask, with OpenCV: elongation (the log of the minimum-area rectangle's
 * short side over its long side), solidity (area over convex hull area), extent (area over that rectangle's area),
 * circularity (4πA/P²) and the number of holes (log1p). All are invariant to position, scale and in-plane rotation,
 * so a render's mask and a photo's segmentation compare. Elongation is a log because near-twins differ by a ratio
 * of lengths (a 1x8 brick against a 1x10); Hu moments were measured and left out (see {@link SilhouetteDistance}).
 */
public final class ShapeCues {
  /** Names of {@link ShapeDescriptor#features()} in order. */
  public static final String[] FEATURES = {"elongation", "solidity", "extent", "circularity", "holes"};
  /** Position of the elongation in {@link #FEATURES}. */
  public static final int ELONGATION = 0;
  /** A part 100 times longer than wide is as elongated as elongation measures: the log stays finite. */
  static final double MIN_ASPECT = 0.01;
  /** A hole smaller than this share of the part's area is noise (anti-aliasing speckle), not a hole. */
  private static final double MIN_HOLE_SHARE = 0.002;

  private ShapeCues() {}

  private static final class Natives {
    static {
      Loader.load(opencv_imgproc.class);
    }

    static void ensure() {}
  }

  /**
   * A silhouette measured once: its scale-free cues and its length in pixels, whatever its angle in the image (the
   * longer side of the minimum-area rectangle around the largest outline, through pixel centres, plus one pixel for
   * the pixels' own extent). An axis-aligned box reads a part turned 45 degrees about 0.7 times its length, which
   * blurs a size ratio of 1.2 (axles 10 and 12, bricks 1 x 8 and 1 x 10). The length stays out of the descriptor,
   * which compares silhouettes of any size.
   */
  public record Measured(ShapeDescriptor shape, double length) {}

  /**
   * Cues of the mask's foreground (pixels above 127). Throws {@link IllegalArgumentException} when the mask is
   * empty: there is no shape to describe.
   */
  public static ShapeDescriptor of(byte[] mask, int width, int height) {
    return measure(mask, width, height).shape();
  }

  /** {@link #of} and the silhouette's length, from one outline. Throws as {@link #of} does. */
  @SuppressWarnings("try") // the scope frees every native buffer made inside it
  public static Measured measure(byte[] mask, int width, int height) {
    if (mask.length != width * height) {
      throw new IllegalArgumentException(mask.length + " mask bytes is not " + width + "x" + height);
    }
    byte[] binary = binary(mask);
    if (binary == null) throw new IllegalArgumentException("the mask is empty: no part to describe");
    Natives.ensure();
    try (PointerScope scope = new PointerScope()) {
      Mat image = new Mat(height, width, CV_8UC1, new BytePointer(binary));
      MatVector contours = new MatVector();
      Mat hierarchy = new Mat();
      findContours(image, contours, hierarchy, RETR_CCOMP, CHAIN_APPROX_SIMPLE);
      IntIndexer links = hierarchy.createIndexer();
      int outer = -1;
      double outerArea = -1;
      double totalArea = 0;
      for (int i = 0; i < contours.size(); i++) {
        if (links.get(0, i, 3) >= 0) continue; // a hole; parent index in slot 3
        double area = contourArea(contours.get(i));
        totalArea += area;
        if (area > outerArea) {
          outerArea = area;
          outer = i;
        }
      }
      int holes = 0;
      for (int i = 0; i < contours.size(); i++) {
        if (links.get(0, i, 3) >= 0 && contourArea(contours.get(i)) >= MIN_HOLE_SHARE * totalArea) holes++;
      }
      Mat outline = contours.get(outer);
      Mat hull = new Mat();
      convexHull(outline, hull);
      double hullArea = Math.max(contourArea(hull), 1e-9);
      RotatedRect box = minAreaRect(outline);
      double w = Math.max(box.size().width(), 1e-9);
      double h = Math.max(box.size().height(), 1e-9);
      double perimeter = Math.max(arcLength(outline, true), 1e-9);
      double area = Math.max(outerArea, 1.0);
      float[] features = new float[FEATURES.length];
      features[ELONGATION] = (float) elongation(Math.min(w, h) / Math.max(w, h));
      features[1] = (float) Math.min(1.0, area / hullArea);
      features[2] = (float) Math.min(1.0, area / (w * h));
      features[3] = (float) Math.min(1.0, 4 * Math.PI * area / (perimeter * perimeter));
      features[4] = (float) Math.log1p(holes);
      return new Measured(new ShapeDescriptor(features, holes),
          Math.max(box.size().width(), box.size().height()) + 1);
    }
  }

  /** The mask's foreground (above 127) as 255 and the rest 0; null when it has no foreground. */
  private static byte[] binary(byte[] mask) {
    byte[] binary = new byte[mask.length];
    boolean any = false;
    for (int i = 0; i < mask.length; i++) {
      if ((mask[i] & 0xFF) > 127) {
        binary[i] = (byte) 255;
        any = true;
      }
    }
    return any ? binary : null;
  }

  /** Longer side of the mask's bounding box over the longer image side (0 for an empty
   * mask): how much of the frame the part spans. */
  public static double fill(byte[] mask, int width, int height) {
    int minX = width, minY = height, maxX = -1, maxY = -1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if ((mask[y * width + x] & 0xFF) <= 127) continue;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
    if (maxX < 0) return 0;
    return Math.max(maxX - minX + 1, maxY - minY + 1) / (double) Math.max(width, height);
  }

  /**
   * The median of many views' {@link #fill}s (the upper one of an even count; the input is not changed): how large
   * parts stand in a set of renders, which photos are framed like. NaN for no views.
   */
  public static double medianFill(double[] fills) {
    if (fills.length == 0) return Double.NaN;
    double[] sorted = fills.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The elongation of a silhouette whose short side is {@code aspect} times its long side (0 to 1). */
  static double elongation(double aspect) {
    return Math.log(Math.max(MIN_ASPECT, aspect));
  }
}
