package org.brickbox.render.photo;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR_EXACT;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.SplittableRandom;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * What a real camera does to an image, applied in place to 8-bit RGB in the order light meets it: the lens
 * (defocus), the motion of the scene during the exposure, the sensor's gains (exposure, white balance, the lens's
 * vignetting) and noise, then what happens to the file (stored smaller and scaled back, JPEG).
 *
 * <p>Everything up to the noise works on linear light in floats, so blur spreads a highlight's light as a lens does
 * and gains act on light, not on gamma-encoded values; the image is sRGB-encoded once, after the noise. Vignetting
 * is a gain fixed on the sensor: it is applied with the other gains, after the motion blur, which is the exact
 * order for a scene that moves under a fixed lens (a blur before it would smear the lens's fall-off). Resampling
 * and JPEG act on the 8-bit file, as software does.
 *
 * <p>Deterministic: all arithmetic is Java's (the same bits on every JVM and CPU) but OpenCV's bit-exact bilinear
 * enlargement and the JPEG round trip (libjpeg-turbo's integer codec), neither of which depends on OpenCV's thread
 * count; the result depends only on the input, the effects and the state of {@code noise}.
 * Not thread-safe: it keeps its scratch buffers; use one per thread, like a renderer.
 *
 * <p>Fast: the image is held as one float array per row, and every inner loop over a row reads and writes its
 * arrays at the same index (shifted rows are copied first), the form in which the JIT uses SIMD instructions.
 */
public final class CameraStage {
  /** Read noise's share of the noise variance on mid grey; shot noise makes up the rest. */
  private static final double READ_SHARE = 0.01;
  /** Linear light of sRGB 128, where {@link CameraEffects#noiseSigma()} is measured. */
  private static final double MID_GREY = Srgb.toLinear(128 / 255.0);
  /** 8-bit levels per unit of linear light at mid grey: the sRGB curve's slope there. */
  private static final double LEVELS_PER_LINEAR = 255 * 1.055 / 2.4 * StrictMath.pow(MID_GREY, 1 / 2.4 - 1);

  /** The image in linear light, one array per row of R, G, B floats; {@code other} is scratch of the same shape. */
  private float[][] image = new float[0][];
  private float[][] other = new float[0][];
  /** The image with replicated edge pixels either side of each row, for the motion blur's shifted rows. */
  private float[][] paddedImage = new float[0][];
  /** Row scratch: {@code padded} holds a row with replicated edge pixels, the others one row each. */
  private float[] padded = new float[0];
  private float[] left = new float[0];
  private float[] right = new float[0];
  private float[] sum = new float[0];

  /**
   * Applies {@code effects} to {@code rgb} (rows top to bottom, R, G, B bytes per pixel), drawing the sensor noise
   * from {@code noise}; it draws nothing when {@code effects.noiseSigma()} is 0. {@link CameraEffects#NONE} leaves
   * the image unchanged.
   */
  public void apply(byte[] rgb, int width, int height, CameraEffects effects, SplittableRandom noise) {
    if (width <= 0 || height <= 0 || (long) width * height * 3 != rgb.length) {
      throw new IllegalArgumentException(rgb.length + " bytes is not a " + width + "x" + height + " RGB image");
    }
    float[] gains = {
        (float) (effects.exposure() * effects.wbRed()),
        (float) (effects.exposure() * effects.wbGreen()),
        (float) (effects.exposure() * effects.wbBlue())};
    boolean gained = gains[0] != 1 || gains[1] != 1 || gains[2] != 1;
    boolean defocus = effects.defocusSigmaPx() > 0;
    boolean motion = effects.motionLengthPx() > 0;
    if (defocus || motion || gained || effects.vignetting() > 0 || effects.noiseSigma() > 0) {
      allocate(width, height);
      int rowLength = width * 3;
      for (int y = 0; y < height; y++) Srgb.toLinear(rgb, y * rowLength, image[y], rowLength);
      if (defocus) defocus(width, height, effects.defocusSigmaPx());
      if (motion) motion(width, height, effects.motionLengthPx(), effects.motionAngleDeg());
      sensor(rgb, width, height, gains, effects.vignetting(), effects.noiseSigma(), noise);
    }
    if (effects.resample() < 1) resample(rgb, width, height, effects.resample());
    if (effects.jpegQuality() > 0) jpeg(rgb, width, height, effects.jpegQuality());
  }

  private void allocate(int width, int height) {
    int rowLength = width * 3;
    if (image.length != height || image[0].length != rowLength) {
      image = new float[height][rowLength];
      other = new float[height][rowLength];
    }
    if (left.length < rowLength) {
      left = new float[rowLength];
      right = new float[rowLength];
      sum = new float[rowLength];
    }
  }

  /** Separable Gaussian blur of σ pixels, edges replicated. */
  private void defocus(int width, int height, double sigma) {
    int radius = Math.max(1, (int) Math.ceil(3 * sigma));
    double[] w = new double[radius + 1];
    double total = 0;
    for (int j = 0; j <= radius; j++) {
      w[j] = StrictMath.exp(-0.5 * j * j / (sigma * sigma));
      total += j == 0 ? w[j] : 2 * w[j];
    }
    float[] k = new float[radius + 1];
    for (int j = 0; j <= radius; j++) k[j] = (float) (w[j] / total);

    int rowLength = width * 3;
    for (int y = 0; y < height; y++) { // along rows: image -> other
      float[] in = pad(image[y], width, radius);
      float[] out = other[y];
      float k0 = k[0];
      System.arraycopy(in, radius * 3, left, 0, rowLength);
      for (int i = 0; i < rowLength; i++) out[i] = k0 * left[i];
      for (int j = 1; j <= radius; j++) {
        System.arraycopy(in, (radius - j) * 3, left, 0, rowLength);
        System.arraycopy(in, (radius + j) * 3, right, 0, rowLength);
        float kj = k[j];
        for (int i = 0; i < rowLength; i++) out[i] += kj * (left[i] + right[i]);
      }
    }
    for (int y = 0; y < height; y++) { // down columns: other -> image
      float[] in = other[y];
      float[] out = image[y];
      float k0 = k[0];
      for (int i = 0; i < rowLength; i++) out[i] = k0 * in[i];
      for (int j = 1; j <= radius; j++) {
        float[] up = other[Math.max(0, y - j)];
        float[] down = other[Math.min(height - 1, y + j)];
        float kj = k[j];
        for (int i = 0; i < rowLength; i++) out[i] += kj * (up[i] + down[i]);
      }
    }
  }

  /** {@code row} with {@code extra} copies of its first and last pixel on either side, in {@code padded}. */
  private float[] pad(float[] row, int width, int extra) {
    int length = (width + 2 * extra) * 3;
    if (padded.length < length) padded = new float[length];
    System.arraycopy(row, 0, padded, extra * 3, width * 3);
    int last = (width - 1) * 3;
    for (int p = 0; p < extra; p++) {
      for (int c = 0; c < 3; c++) {
        padded[p * 3 + c] = row[c];
        padded[(extra + width + p) * 3 + c] = row[last + c];
      }
    }
    return padded;
  }

  /**
   * Motion blur: the mean of the image along a centred line of {@code length} pixels. The line is drawn as a kernel
   * of whole-pixel shifts one pixel apart along its major axis, each weighted by the line's share of that pixel
   * column (or row) and split linearly between the two pixels the line passes between: an anti-aliased line of at
   * most two taps per step. Edges are replicated.
   */
  private void motion(int width, int height, double length, double angleDeg) {
    double angle = Math.toRadians(angleDeg);
    double dx = StrictMath.cos(angle);
    double dy = -StrictMath.sin(angle); // image y runs down
    boolean alongX = Math.abs(dx) >= Math.abs(dy);
    double extent = length * Math.abs(alongX ? dx : dy); // the line's extent along its major axis
    double slope = alongX ? dy / dx : dx / dy; // minor-axis offset per major-axis pixel
    int reach = (int) Math.ceil(extent / 2 + 0.5) + 1;
    int side = 2 * reach + 1;
    double[] grid = new double[side * side];
    for (int k = -reach + 1; k < reach; k++) {
      double overlap = Math.min(k + 0.5, extent / 2) - Math.max(k - 0.5, -extent / 2);
      double share = extent > 0 ? overlap / extent : (k == 0 ? 1 : 0);
      if (share <= 0) continue;
      double minor = k * slope;
      int m0 = (int) Math.floor(minor);
      double f = minor - m0;
      int major = k + reach;
      int cell0 = alongX ? (m0 + reach) * side + major : major * side + m0 + reach;
      int cell1 = alongX ? cell0 + side : cell0 + 1;
      grid[cell0] += share * (1 - f);
      grid[cell1] += share * f;
    }

    int taps = 0;
    int[] shift = new int[grid.length];
    int[] rowShift = new int[grid.length];
    float[] weight = new float[grid.length];
    for (int cell = 0; cell < grid.length; cell++) {
      if (grid[cell] <= 1e-6) continue;
      shift[taps] = (cell % side) * 3;
      rowShift[taps] = cell / side - reach;
      weight[taps++] = (float) grid[cell];
    }
    int rowLength = width * 3;
    int paddedLength = (width + 2 * reach) * 3;
    if (paddedImage.length != height || paddedImage[0].length != paddedLength) {
      paddedImage = new float[height][paddedLength];
    }
    for (int y = 0; y < height; y++) System.arraycopy(pad(image[y], width, reach), 0, paddedImage[y], 0, paddedLength);
    for (int y = 0; y < height; y++) {
      float[] out = other[y];
      java.util.Arrays.fill(out, 0f);
      for (int t = 0; t < taps; t += 2) { // two taps per pass over the row
        int u = Math.min(t + 1, taps - 1);
        System.arraycopy(paddedImage[Math.min(height - 1, Math.max(0, y + rowShift[t]))], shift[t], left, 0,
            rowLength);
        System.arraycopy(paddedImage[Math.min(height - 1, Math.max(0, y + rowShift[u]))], shift[u], right, 0,
            rowLength);
        float w0 = weight[t];
        float w1 = u == t ? 0 : weight[u];
        for (int i = 0; i < rowLength; i++) out[i] += w0 * left[i] + w1 * right[i];
      }
    }
    float[][] swap = image;
    image = other;
    other = swap;
  }

  /** Gains, vignetting and noise on the linear image, then sRGB encoding into {@code rgb}. */
  private void sensor(byte[] rgb, int width, int height, float[] gains, double vignetting, double noiseSigma,
      SplittableRandom noise) {
    int rowLength = width * 3;
    // cos⁴ law: gain 1/(1 + c·ρ²)² at ρ (distance from the centre over the half diagonal), 1 − vignetting at ρ = 1
    double c = vignetting > 0 ? 1 / StrictMath.sqrt(1 - vignetting) - 1 : 0;
    double halfDiagonal = 0.5 * StrictMath.sqrt((double) width * width + (double) height * height);
    float[] columnPart = right; // per sample of a row: 1 + c·ρ² of its column, and its channel's gain
    float[] gain = sum;
    for (int x = 0; x < width; x++) {
      double d = (x + 0.5 - 0.5 * width) / halfDiagonal;
      for (int ch = 0; ch < 3; ch++) {
        columnPart[x * 3 + ch] = (float) (1 + c * d * d);
        gain[x * 3 + ch] = gains[ch];
      }
    }
    double sigma = noiseSigma / LEVELS_PER_LINEAR; // noise σ on mid grey in linear light
    float shot = (float) ((1 - READ_SHARE) * sigma * sigma / MID_GREY);
    float read = (float) (READ_SHARE * sigma * sigma);
    boolean noisy = noiseSigma > 0;
    float[] z = left;
    for (int y = 0; y < height; y++) {
      double d = (y + 0.5 - 0.5 * height) / halfDiagonal;
      float rowPart = (float) (c * d * d); // the row's share of c·ρ²
      float[] v = image[y];
      for (int i = 0; i < rowLength; i++) {
        float fall = 1 / (columnPart[i] + rowPart);
        v[i] *= gain[i] * fall * fall;
      }
      if (noisy) {
        int i = 0;
        for (; i + 5 <= rowLength; i += 5) { // five 12-bit sample indices from each draw
          long bits = noise.nextLong();
          z[i] = StandardNormal.sample(bits);
          z[i + 1] = StandardNormal.sample(bits >>> 12);
          z[i + 2] = StandardNormal.sample(bits >>> 24);
          z[i + 3] = StandardNormal.sample(bits >>> 36);
          z[i + 4] = StandardNormal.sample(bits >>> 48);
        }
        if (i < rowLength) { // the row's last samples, fewer than five, share one draw
          long bits = noise.nextLong();
          for (; i < rowLength; i++, bits >>>= StandardNormal.BITS) z[i] = StandardNormal.sample(bits);
        }
        for (i = 0; i < rowLength; i++) {
          v[i] += (float) Math.sqrt(Math.max(0f, shot * v[i] + read)) * z[i];
        }
      }
      Srgb.toLevels(v, rgb, y * rowLength, rowLength);
    }
  }

  /**
   * The image as stored at {@code scale} of its size and shown at full size again, in 8 bits as software does:
   * pixel-area averages down (in Java: OpenCV's area shrink by a fractional factor is slower), then OpenCV's
   * bit-exact bilinear enlargement with pixel centres aligned (fixed-point; the same bytes on every CPU).
   */
  @SuppressWarnings("try") // the scope is used for its side effect: it frees every pointer made inside it
  private void resample(byte[] rgb, int width, int height, double scale) {
    int smallWidth = Math.max(1, (int) Math.round(width * scale));
    int smallHeight = Math.max(1, (int) Math.round(height * scale));
    if (smallWidth == width && smallHeight == height) return;
    allocate(width, height);
    int rowLength = width * 3;
    int smallRow = smallWidth * 3;
    for (int y = 0; y < height; y++) {
      float[] row = image[y];
      int in = y * rowLength;
      for (int i = 0; i < rowLength; i++) row[i] = rgb[in + i] & 0xFF;
    }
    Area rows = new Area(height, smallHeight);
    for (int j = 0; j < smallHeight; j++) { // columns shrink first, on whole rows: image -> other[j]
      float[] out = other[j];
      java.util.Arrays.fill(out, 0, rowLength, 0f);
      for (int t = rows.start[j]; t < rows.start[j + 1]; t++) {
        float[] in = image[rows.index[t]];
        float w = rows.weight[t];
        for (int i = 0; i < rowLength; i++) out[i] += w * in[i];
      }
    }
    Area columns = new Area(width, smallWidth);
    byte[] small = new byte[smallHeight * smallRow];
    for (int j = 0; j < smallHeight; j++) { // then rows, on the fewer rows left: other[j] -> small
      float[] in = other[j];
      int out = j * smallRow;
      for (int x = 0; x < smallWidth; x++) {
        float r = 0.5f; // rounds to nearest on truncation
        float g = 0.5f;
        float b = 0.5f;
        for (int t = columns.start[x]; t < columns.start[x + 1]; t++) {
          int p = columns.index[t] * 3;
          float w = columns.weight[t];
          r += w * in[p];
          g += w * in[p + 1];
          b += w * in[p + 2];
        }
        small[out + x * 3] = (byte) (int) r;
        small[out + x * 3 + 1] = (byte) (int) g;
        small[out + x * 3 + 2] = (byte) (int) b;
      }
    }
    Natives.ensure();
    try (PointerScope scope = new PointerScope()) {
      Mat stored = new Mat(smallHeight, smallWidth, CV_8UC3, new BytePointer(small)); // native copies, freed
      BytePointer pixels = new BytePointer((long) rgb.length); //                        with the scope
      resize(stored, new Mat(height, width, CV_8UC3, pixels), new Size(width, height), 0, 0,
          INTER_LINEAR_EXACT);
      pixels.get(rgb);
    }
  }

  /** Which source pixels, with which weights, average into each pixel of a 1-D area shrink. */
  private static final class Area {
    /** Pixel j's terms are at [start[j], start[j + 1]). */
    final int[] start;
    final int[] index;
    final float[] weight;

    Area(int from, int to) {
      double span = (double) from / to;
      int most = to * ((int) Math.ceil(span) + 1);
      start = new int[to + 1];
      index = new int[most];
      weight = new float[most];
      int t = 0;
      for (int j = 0; j < to; j++) {
        start[j] = t;
        double lo = j * span;
        double hi = Math.min(from, (j + 1) * span);
        for (int i = (int) Math.floor(lo); i < hi; i++) {
          double overlap = Math.min(hi, i + 1) - Math.max(lo, i);
          if (overlap <= 0) continue;
          index[t] = i;
          weight[t++] = (float) (overlap / span);
        }
      }
      start[to] = t;
    }
  }

  /** Loads the OpenCV natives on first use, once: the JVM runs this static initialiser exactly once. */
  private static final class Natives {
    static {
      Loader.load(opencv_imgproc.class);
    }

    static void ensure() {}
  }

  private static void jpeg(byte[] rgb, int width, int height, int quality) {
    DecodedImage decoded = ImageCodec.decodeRgb(ImageCodec.encodeRgbJpeg(rgb, width, height, quality));
    if (decoded.width() != width || decoded.height() != height || decoded.channels() != 3) {
      throw new IllegalStateException("JPEG round trip changed a " + width + "x" + height + " image to "
          + decoded.width() + "x" + decoded.height() + "x" + decoded.channels());
    }
    System.arraycopy(decoded.pixels(), 0, rgb, 0, rgb.length);
  }
}
