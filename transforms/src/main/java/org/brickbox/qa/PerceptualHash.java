package org.brickbox.qa;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.dct;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * DCT perceptual hash (pHash): the luminance, with the background masked to black so that only the part counts, is
 * shrunk to 32×32, transformed with a 2-D DCT, and each of the 8×8 lowest frequencies becomes one bit: 1 when above
 * their median. Near-identical pictures of the part differ in few of the 64 bits.
 */
public final class PerceptualHash {
  private static final int SIDE = 32;
  private static final int LOW = 8;

  private PerceptualHash() {}

  /** Hash of an 8-bit luminance image weighted by an 8-bit coverage mask of the same size; call in a PointerScope. */
  static long of(Mat luma, Mat mask) {
    Mat l = new Mat();
    Mat m = new Mat();
    luma.convertTo(l, CV_32F);
    mask.convertTo(m, CV_32F, 1 / 255.0, 0);
    Mat part = new Mat();
    multiply(l, m, part);
    Mat small = new Mat();
    resize(part, small, new Size(SIDE, SIDE), 0, 0, INTER_AREA);
    Mat frequencies = new Mat();
    dct(small, frequencies);
    float[] all = OpenCvMats.floats(frequencies);
    float[] low = new float[LOW * LOW];
    for (int y = 0; y < LOW; y++) System.arraycopy(all, y * SIDE, low, y * LOW, LOW);
    float[] sorted = low.clone();
    Arrays.sort(sorted);
    float median = (sorted[LOW * LOW / 2 - 1] + sorted[LOW * LOW / 2]) / 2;
    long hash = 0;
    for (float f : low) hash = (hash << 1) | (f > median ? 1 : 0);
    return hash;
  }

  /** Number of differing bits, 0–64. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  public static String hex(long hash) {
    return String.format("%016x", hash);
  }

  public static long parse(String hex) {
    return Long.parseUnsignedLong(hex, 16);
  }
}
