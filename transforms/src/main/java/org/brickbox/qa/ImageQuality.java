package org.brickbox.qa;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_ELLIPSE;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY_INV;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.dilate;
import static org.bytedeco.opencv.global.opencv_imgproc.erode;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import org.brickbox.io.image.DecodedImage;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Measures one rendered image against its coverage mask with OpenCV: sharpness, part/background SNR and contrast,
 * coverage and border contact, exposure, perceptual hash and (given the previous build's image) SSIM. Stateless and
 * thread-safe; every native buffer lives in a {@link PointerScope} freed on return.
 */
public final class ImageQuality {
  /** Mask values at or above this are part (the renderer's coverage is 0–255, anti-aliased at the outline). */
  static final int PART_ALPHA = 128;
  static final int SATURATED_LUMA = 250;
  static final int CRUSHED_LUMA = 5;
  /** Scale, in pixels, of "local" for the silhouette contrast: the part's and background's colours within ~2 px. */
  private static final double CONTRAST_SIGMA = 3.0;
  /** Pixels peeled off the part before taking its colour: the renderer's outline lines are not the part's body. */
  private static final int OUTLINE = 2;
  /** A pixel is on the silhouette when at least this share of its local weight is part, and as much is background. */
  private static final float SILHOUETTE_WEIGHT = 0.2f;

  private ImageQuality() {}

  /**
   * @param image RGB pixels
   * @param mask the part's coverage (grey, 0 = background), same size
   * @param previous the same key's image from an earlier build (RGB), or null; resized to this image's size if needed
   */
  @SuppressWarnings("try") // the scope frees every native buffer made inside it
  public static ImageMetrics measure(DecodedImage image, DecodedImage mask, DecodedImage previous) {
    requireShape(image, 3, "image");
    requireShape(mask, 1, "mask");
    if (mask.width() != image.width() || mask.height() != image.height()) {
      throw new IllegalArgumentException("mask is " + mask.width() + "x" + mask.height() + " but the image is "
          + image.width() + "x" + image.height());
    }
    try (PointerScope scope = new PointerScope()) {
      Mat rgb = OpenCvMats.of(image);
      Mat alpha = OpenCvMats.of(mask);
      Mat luma = new Mat();
      cvtColor(rgb, luma, COLOR_RGB2GRAY);
      Mat part = new Mat();
      threshold(alpha, part, PART_ALPHA - 1, 255, THRESH_BINARY);
      Mat background = new Mat();
      threshold(alpha, background, 0, 255, THRESH_BINARY_INV);
      int pixels = image.width() * image.height();
      int partPixels = countNonZero(part);
      boolean both = partPixels > 0 && countNonZero(background) > 0;

      double[] partLuma = meanStd(luma, part);
      double[] backgroundLuma = meanStd(luma, background);
      double delta = both ? partLuma[0] - backgroundLuma[0] : 0;
      double noise = both ? backgroundLuma[1] : 0;
      double snrDb = 10 * Math.log10((delta * delta + 1) / (noise * noise + 1));

      Double ssim = previous == null ? null : Ssim.of(luma, luminanceSized(previous, image.width(), image.height()));
      byte[] lumaBytes = OpenCvMats.bytes(luma);
      return new ImageMetrics(sharpness(luma, part), snrDb, both ? silhouetteContrast(rgb, part, background) : 0,
          (double) partPixels / pixels, border(mask), share(lumaBytes, mask.pixels(), SATURATED_LUMA, 255),
          share(lumaBytes, mask.pixels(), 0, CRUSHED_LUMA), ssim, PerceptualHash.hex(PerceptualHash.of(luma, alpha)));
    }
  }

  /** Variance of the Laplacian over the part and a 2-pixel halo, so the outline counts and empty background does not. */
  private static double sharpness(Mat luma, Mat part) {
    Mat laplacian = new Mat();
    Laplacian(luma, laplacian, CV_64F);
    Mat halo = new Mat();
    dilate(part, halo, getStructuringElement(MORPH_ELLIPSE, new Size(5, 5)));
    if (countNonZero(halo) == 0) return 0;
    double std = meanStd(laplacian, halo)[1];
    return std * std;
  }

  /**
   * Mean RGB distance between the part's and the background's local colours (Gaussian-weighted averages of each side
   * only) over the pixels where both sides are present: high for a red brick on grey, near zero for black on black,
   * and, unlike global means, not fooled by a gradient or noise background whose average matches the part.
   */
  private static double silhouetteContrast(Mat rgb, Mat part, Mat background) {
    Mat colour = new Mat();
    rgb.convertTo(colour, CV_32FC3);
    Mat body = new Mat();
    erode(part, body, getStructuringElement(MORPH_ELLIPSE, new Size(2 * OUTLINE + 1, 2 * OUTLINE + 1)));
    float[][] partSide = localAverage(colour, body);
    float[][] backgroundSide = localAverage(colour, background);
    float[] partColour = partSide[0], partWeight = partSide[1];
    float[] backgroundColour = backgroundSide[0], backgroundWeight = backgroundSide[1];
    double sum = 0;
    int count = 0;
    for (int i = 0; i < partWeight.length; i++) {
      if (partWeight[i] < SILHOUETTE_WEIGHT || backgroundWeight[i] < SILHOUETTE_WEIGHT) continue;
      double d2 = 0;
      for (int c = 0; c < 3; c++) {
        double d = partColour[3 * i + c] / partWeight[i] - backgroundColour[3 * i + c] / backgroundWeight[i];
        d2 += d * d;
      }
      sum += Math.sqrt(d2);
      count++;
    }
    return count == 0 ? 0 : sum / count;
  }

  /** {blurred colour × side, blurred side weight}: their ratio is the side's local mean colour. */
  private static float[][] localAverage(Mat colour, Mat side) {
    Mat weight = new Mat();
    side.convertTo(weight, CV_32F, 1 / 255.0, 0);
    Mat weight3 = new Mat();
    cvtColor(weight, weight3, COLOR_GRAY2RGB);
    Mat weighted = new Mat();
    multiply(colour, weight3, weighted);
    Mat blurredColour = new Mat();
    Mat blurredWeight = new Mat();
    GaussianBlur(weighted, blurredColour, new Size(0, 0), CONTRAST_SIGMA);
    GaussianBlur(weight, blurredWeight, new Size(0, 0), CONTRAST_SIGMA);
    return new float[][] {OpenCvMats.floats(blurredColour), OpenCvMats.floats(blurredWeight)};
  }

  /** Share of the frame's outermost ring of pixels that the part covers. */
  static double border(DecodedImage mask) {
    int w = mask.width(), h = mask.height();
    byte[] m = mask.pixels();
    int covered = 0, ring = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (y != 0 && y != h - 1 && x != 0 && x != w - 1) continue;
        ring++;
        if ((m[y * w + x] & 0xFF) >= PART_ALPHA) covered++;
      }
    }
    return (double) covered / ring;
  }

  /** Share of part pixels whose luminance is within [low, high]. */
  private static double share(byte[] luma, byte[] mask, int low, int high) {
    int part = 0, inside = 0;
    for (int i = 0; i < luma.length; i++) {
      if ((mask[i] & 0xFF) < PART_ALPHA) continue;
      part++;
      int y = luma[i] & 0xFF;
      if (y >= low && y <= high) inside++;
    }
    return part == 0 ? 0 : (double) inside / part;
  }

  private static Mat luminanceSized(DecodedImage previous, int width, int height) {
    requireShape(previous, 3, "previous image");
    Mat luma = new Mat();
    cvtColor(OpenCvMats.of(previous), luma, COLOR_RGB2GRAY);
    if (previous.width() == width && previous.height() == height) return luma;
    Mat sized = new Mat();
    resize(luma, sized, new Size(width, height), 0, 0, INTER_AREA);
    return sized;
  }

  /** {mean, standard deviation} of {@code values} where {@code mask} is set. */
  private static double[] meanStd(Mat values, Mat mask) {
    Mat mean = new Mat();
    Mat std = new Mat();
    meanStdDev(values, mean, std, mask);
    return new double[] {OpenCvMats.doubles(mean)[0], OpenCvMats.doubles(std)[0]};
  }

  private static void requireShape(DecodedImage image, int channels, String what) {
    if (image.channels() != channels || image.pixels().length != image.width() * image.height() * channels) {
      throw new IllegalArgumentException(what + " must have " + channels + " channel(s), had " + image.channels());
    }
  }
}
