package org.brickbox.qa;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.divide;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004) of two 8-bit luminance images of one size: the mean of
 * the SSIM map over an 11×11 Gaussian window (σ 1.5) with the paper's constants for 8-bit data. 1 for equal images.
 * Call inside a PointerScope.
 */
final class Ssim {
  private static final double C1 = Math.pow(0.01 * 255, 2);
  private static final double C2 = Math.pow(0.03 * 255, 2);
  /** Window side; the Size is made per call, since a static native object would be freed by the caller's scope. */
  private static final int WINDOW = 11;
  private static final double SIGMA = 1.5;

  private Ssim() {}

  static double of(Mat lumaA, Mat lumaB) {
    if (lumaA.rows() != lumaB.rows() || lumaA.cols() != lumaB.cols()) {
      throw new IllegalArgumentException("SSIM needs images of one size");
    }
    Mat a = floats(lumaA);
    Mat b = floats(lumaB);
    Mat muA = blur(a);
    Mat muB = blur(b);
    Mat muA2 = product(muA, muA);
    Mat muB2 = product(muB, muB);
    Mat muAB = product(muA, muB);
    Mat sigmaA2 = difference(blur(product(a, a)), muA2);
    Mat sigmaB2 = difference(blur(product(b, b)), muB2);
    Mat sigmaAB = difference(blur(product(a, b)), muAB);

    Mat numerator = product(affine(muAB, 2, C1), affine(sigmaAB, 2, C2));
    Mat denominator = product(affine(sum(muA2, muB2), 1, C1), affine(sum(sigmaA2, sigmaB2), 1, C2));
    Mat map = new Mat();
    divide(numerator, denominator, map);
    return mean(map).get(0);
  }

  private static Mat floats(Mat luma) {
    Mat out = new Mat();
    luma.convertTo(out, CV_32F);
    return out;
  }

  private static Mat blur(Mat m) {
    Mat out = new Mat();
    GaussianBlur(m, out, new Size(WINDOW, WINDOW), SIGMA);
    return out;
  }

  private static Mat product(Mat x, Mat y) {
    Mat out = new Mat();
    multiply(x, y, out);
    return out;
  }

  private static Mat sum(Mat x, Mat y) {
    Mat out = new Mat();
    add(x, y, out);
    return out;
  }

  private static Mat difference(Mat x, Mat y) {
    Mat out = new Mat();
    subtract(x, y, out);
    return out;
  }

  /** scale·m + offset */
  private static Mat affine(Mat m, double scale, double offset) {
    Mat out = new Mat();
    m.convertTo(out, -1, scale, offset);
    return out;
  }
}
