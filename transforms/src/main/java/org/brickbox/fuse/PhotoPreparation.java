package org.brickbox.fuse;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_ELLIPSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.brickbox.io.image.DecodedImage;

/**
 * Turns a photograph into what the index was built from: the part found and cut out of its background, centred
 * in a square frame that it fills as much as the renders do, on a plain background, with its mask. The background
 * is modelled as a colour plane fitted to the photo's border (plain tables, paper and gradients); pixels far from
 * it (Otsu's threshold on the distance) are the part, cleaned by morphology, and the largest blob is kept.
 */
public final class PhotoPreparation {
  /** Longest side photos are analysed at: enough for a silhouette, cheap for any camera resolution. */
  static final int WORK_SIZE = 512;
  /** The part must cover at least this share of the photo... */
  static final double MIN_COVERAGE = 0.002;
  /** ...and not more than this (else the background could not be told apart). */
  static final double MAX_COVERAGE = 0.9;
  /** Below this distance from the background colour (0-255 units) nothing counts as part, whatever Otsu says. */
  static final double MIN_CONTRAST = 18;

  private PhotoPreparation() {}

  /** A photo that holds no part BrickBox can find. */
  public static final class NoPartFoundException extends IllegalArgumentException {
    NoPartFoundException(String message) {
      super(message);
    }
  }

  /** The prepared photo: a square RGB image of {@code size}, the part's mask, its cues and colour. */
  public record Prepared(DecodedImage image, byte[] mask, ShapeDescriptor shape, float[] rgb, double coverage) {}

  private static final class Natives {
    static {
      Loader.load(opencv_imgproc.class);
    }

    static void ensure() {}
  }

  /**
   * @param photo decoded RGB (EXIF orientation already applied by the decoder)
   * @param size output side in pixels (the renders' size)
   * @param fill share of the frame the part's longer side spans in the renders
   */
  @SuppressWarnings("try") // the scope frees every native buffer made inside it
  public static Prepared prepare(DecodedImage photo, int size, double fill) {
    if (photo.channels() != 3) throw new IllegalArgumentException("expected an RGB photo");
    Natives.ensure();
    try (PointerScope scope = new PointerScope()) {
      double scale = Math.min(1.0, WORK_SIZE / (double) Math.max(photo.width(), photo.height()));
      int w = Math.max(8, (int) Math.round(photo.width() * scale));
      int h = Math.max(8, (int) Math.round(photo.height() * scale));
      Mat full = new Mat(photo.height(), photo.width(), CV_8UC3, new BytePointer(photo.pixels()));
      Mat small = new Mat();
      resize(full, small, new Size(w, h), 0, 0, INTER_AREA);
      Mat blurred = new Mat();
      GaussianBlur(small, blurred, new Size(5, 5), 0);
      byte[] rgb = new byte[w * h * 3];
      blurred.data().get(rgb);

      double[][] plane = fitBorderPlane(rgb, w, h);
      byte[] distance = new byte[w * h];
      int[] histogram = new int[256];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double sum = 0;
          for (int c = 0; c < 3; c++) {
            double d = (rgb[(y * w + x) * 3 + c] & 0xFF) - (plane[c][0] + plane[c][1] * x + plane[c][2] * y);
            sum += d * d;
          }
          int v = (int) Math.min(255, Math.sqrt(sum));
          distance[y * w + x] = (byte) v;
          histogram[v]++;
        }
      }
      int threshold = Math.max(otsu(histogram, w * h), (int) MIN_CONTRAST);
      byte[] binary = new byte[w * h];
      for (int i = 0; i < binary.length; i++) binary[i] = (byte) ((distance[i] & 0xFF) > threshold ? 255 : 0);

      Mat mask = new Mat(h, w, CV_8UC1, new BytePointer(binary));
      int k = Math.max(3, (Math.max(w, h) / 100) | 1);
      morphologyEx(mask, mask, MORPH_OPEN, getStructuringElement(MORPH_ELLIPSE, new Size(k, k)));
      morphologyEx(mask, mask, MORPH_CLOSE, getStructuringElement(MORPH_ELLIPSE, new Size(2 * k + 1, 2 * k + 1)));
      Mat labels = new Mat();
      Mat stats = new Mat();
      Mat centroids = new Mat();
      int count = connectedComponentsWithStats(mask, labels, stats, centroids);
      IntIndexer s = stats.createIndexer();
      int best = -1;
      int bestArea = 0;
      for (int label = 1; label < count; label++) {
        int area = s.get(label, CC_STAT_AREA);
        if (area > bestArea) {
          bestArea = area;
          best = label;
        }
      }
      double coverage = bestArea / (double) (w * h);
      if (best < 0 || coverage < MIN_COVERAGE) {
        throw new NoPartFoundException("no part found: nothing in the photo stands out from its background");
      }
      if (coverage > MAX_COVERAGE) {
        throw new NoPartFoundException(String.format("no part found: %.0f%% of the photo differs from its border; "
            + "photograph the part on a plain background with space around it", coverage * 100));
      }
      IntIndexer labelOf = labels.createIndexer();
      int minX = w, minY = h, maxX = -1, maxY = -1;
      byte[] partMask = new byte[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          if (labelOf.get(y, x) != best) continue;
          partMask[y * w + x] = (byte) 255;
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
      byte[] smallRgb = new byte[w * h * 3];
      small.data().get(smallRgb);
      float[] background = new float[3];
      for (int c = 0; c < 3; c++) {
        background[c] = (float) Math.max(0, Math.min(255, plane[c][0] + plane[c][1] * w / 2 + plane[c][2] * h / 2));
      }
      double side = Math.max(maxX - minX + 1, maxY - minY + 1) / Math.max(0.1, Math.min(1.0, fill));
      double cx = (minX + maxX + 1) / 2.0;
      double cy = (minY + maxY + 1) / 2.0;
      byte[] outRgb = new byte[size * size * 3];
      byte[] outMask = new byte[size * size];
      // Nearest-neighbour sampling of the crop; the model resamples to its own input size anyway.
      for (int y = 0; y < size; y++) {
        int sy = (int) Math.floor(cy - side / 2 + (y + 0.5) * side / size);
        for (int x = 0; x < size; x++) {
          int sx = (int) Math.floor(cx - side / 2 + (x + 0.5) * side / size);
          int o = y * size + x;
          boolean inside = sx >= 0 && sy >= 0 && sx < w && sy < h && partMask[sy * w + sx] != 0;
          if (inside) {
            outMask[o] = (byte) 255;
            for (int c = 0; c < 3; c++) outRgb[o * 3 + c] = smallRgb[(sy * w + sx) * 3 + c];
          } else {
            for (int c = 0; c < 3; c++) outRgb[o * 3 + c] = (byte) Math.round(background[c]);
          }
        }
      }
      ShapeDescriptor shape = ShapeCues.of(partMask, w, h);
      float[] colour = ColourEstimate.medianRgb(smallRgb, partMask);
      return new Prepared(new DecodedImage(size, size, 3, outRgb), outMask, shape, colour, coverage);
    }
  }

  /** Least-squares colour plane c(x, y) = a + b·x + d·y per channel over a border ring of the image. */
  static double[][] fitBorderPlane(byte[] rgb, int w, int h) {
    int ring = Math.max(2, Math.min(w, h) / 25);
    double[][] ata = new double[3][3];
    double[][] atb = new double[3][3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (x >= ring && y >= ring && x < w - ring && y < h - ring) continue;
        double[] row = {1, x, y};
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) ata[i][j] += row[i] * row[j];
          for (int c = 0; c < 3; c++) atb[c][i] += row[i] * (rgb[(y * w + x) * 3 + c] & 0xFF);
        }
      }
    }
    double[][] plane = new double[3][];
    for (int c = 0; c < 3; c++) plane[c] = solve3(ata, atb[c]);
    return plane;
  }

  private static double[] solve3(double[][] m, double[] b) {
    double[][] a = new double[3][4];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(m[i], 0, a[i], 0, 3);
      a[i][3] = b[i];
    }
    for (int col = 0; col < 3; col++) {
      int pivot = col;
      for (int r = col + 1; r < 3; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      for (int r = 0; r < 3; r++) {
        if (r == col || a[col][col] == 0) continue;
        double f = a[r][col] / a[col][col];
        for (int c = col; c < 4; c++) a[r][c] -= f * a[col][c];
      }
    }
    return new double[] {a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]};
  }

  /** Otsu's threshold of a 256-bin histogram: the level that best separates it into two classes. */
  static int otsu(int[] histogram, int total) {
    double sum = 0;
    for (int i = 0; i < 256; i++) sum += i * (double) histogram[i];
    double sumBelow = 0;
    long below = 0;
    double bestVariance = -1;
    int best = 0;
    for (int t = 0; t < 256; t++) {
      below += histogram[t];
      if (below == 0) continue;
      long above = total - below;
      if (above == 0) break;
      sumBelow += t * (double) histogram[t];
      double meanBelow = sumBelow / below;
      double meanAbove = (sum - sumBelow) / above;
      double variance = (double) below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
      if (variance > bestVariance) {
        bestVariance = variance;
        best = t;
      }
    }
    return best;
  }
}
