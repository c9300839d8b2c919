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

import org.brickbox.io.image.DecodedImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The photo path's first segmenter, kept to compare against ({@code bench segment --method=border-plane}): the
 * background is a colour plane fitted to the photo's border (plain tables, paper and gradients); pixels far from it
 * (Otsu's threshold on the distance, at least {@link #MIN_CONTRAST}) are the part, cleaned by morphology, and the
 * largest blob is kept. It loses light parts on light surfaces and cannot tell a shadow from a part.
 */
public final class BorderPlaneSegmenter {
  /** Longest side photos are analysed at. */
  static final int WORK_SIZE = 512;
  /** The part must cover at least this share of the photo... */
  static final double MIN_COVERAGE = 0.002;
  /** ...and not more than this (else the background could not be told apart). */
  static final double MAX_COVERAGE = 0.9;
  /** Below this distance from the background colour (0-255 units) nothing counts as part, whatever Otsu says. */
  static final double MIN_CONTRAST = 18;

  private BorderPlaneSegmenter() {}

  /**
   * @throws PhotoPreparation.NoPartFoundException when nothing stands out from the border, or nearly everything does
   */
  @SuppressWarnings("try") // the scope frees every native buffer made inside it
  public static Segmentation segment(DecodedImage photo) {
    if (photo.channels() != 3) throw new IllegalArgumentException("expected an RGB photo");
    OpenCvNatives.ensure();
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
        throw new PhotoPreparation.NoPartFoundException(
            "no part found: nothing in the photo stands out from its background");
      }
      if (coverage > MAX_COVERAGE) {
        throw new PhotoPreparation.NoPartFoundException(String.format("no part found: %.0f%% of the photo differs "
            + "from its border; photograph the part on a plain background with space around it", coverage * 100));
      }
      IntIndexer labelOf = labels.createIndexer();
      byte[] partMask = new byte[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) if (labelOf.get(y, x) == best) partMask[y * w + x] = (byte) 255;
      }
      Masks.Bounds b = Masks.bounds(partMask, w, h);
      return new Segmentation(Segmentation.Method.BORDER_PLANE, 1.0, w, h, w / (double) photo.width(), partMask,
          Masks.photoBox(b, w / (double) photo.width(), photo.width(), photo.height()), Masks.cutSides(b, w, h),
          centreColour(plane, w, h), null, "largest blob beyond Otsu's threshold on the distance to the border's "
          + "colour plane", null, null);
    }
  }

  /** The background colour the plane model predicts at the photo's centre, 0..255 RGB. */
  static float[] centreColour(double[][] plane, int w, int h) {
    float[] background = new float[3];
    for (int c = 0; c < 3; c++) {
      background[c] = (float) Math.max(0, Math.min(255, plane[c][0] + plane[c][1] * w / 2 + plane[c][2] * h / 2));
    }
    return background;
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
    for (int c = 0; c < 3; c++) plane[c] = LinearSolve.solve(ata, atb[c]);
    return plane;
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
