package org.brickbox.io.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_FILTER;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_FILTER_PAETH;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_FILTER_UP;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_STRATEGY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_STRATEGY_RLE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * PNG, WebP and JPEG encoding and decoding of 8-bit RGB and grey images through OpenCV. Stateless and thread-safe: every
 * call owns its native buffers inside a {@link PointerScope} that frees them on return. Pixel arrays are rows top
 * to bottom, pixels left to right, RGB bytes in R, G, B order (OpenCV's BGR stays inside this class).
 */
public final class ImageCodec {
  /**
   * Level 1, the fast setting for training images, and the default: one fixed PNG filter per image (Paeth for colour,
   * Up for grey; at other levels libpng tries all five filters on every row) and zlib's run-length strategy (matches
   * of distance one only). On 224 px renders (BENCHMARKS.md) RGB takes 1.7 ms and 43.5 KB per photographic view
   * against 3.2 ms and 46.6 KB with adaptive filters and zlib's default strategy, 1.1 ms and 17.8 KB per CAD view
   * against 1.9 ms and 18.7 KB; masks 0.1 ms against 0.4 ms. Levels 0 and 2-9 are zlib's levels with libpng's
   * adaptive filters. PNG stays lossless at every level.
   */
  public static final int DEFAULT_PNG_COMPRESSION = 1;
  public static final int DEFAULT_WEBP_QUALITY = 90;

  private ImageCodec() {}

  /** Loads the OpenCV natives on first use, once: the JVM runs this static initialiser exactly once. */
  private static final class Natives {
    static {
      Loader.load(opencv_imgcodecs.class);
      Loader.load(opencv_imgproc.class);
    }

    static void ensure() {}
  }

  public static byte[] encodeRgbPng(byte[] rgb, int width, int height) {
    return encodeRgbPng(rgb, width, height, DEFAULT_PNG_COMPRESSION);
  }

  /** @param compression 0 (none) to 9 (smallest); 1 is tuned for speed, see {@link #DEFAULT_PNG_COMPRESSION} */
  public static byte[] encodeRgbPng(byte[] rgb, int width, int height, int compression) {
    requireRange("PNG compression", compression, 0, 9);
    return encode(".png", rgb, width, height, 3, pngParameters(compression, IMWRITE_PNG_FILTER_PAETH));
  }

  /** @param quality 1 (smallest) to 100 (best lossy); above 100 OpenCV writes lossless WebP, which is slow */
  public static byte[] encodeRgbWebp(byte[] rgb, int width, int height, int quality) {
    requireRange("WebP quality", quality, 1, 101);
    return encode(".webp", rgb, width, height, 3, IMWRITE_WEBP_QUALITY, quality);
  }

  /**
   * Baseline JPEG with OpenCV's defaults otherwise (4:2:0 chroma subsampling, as most cameras write); the photographic
   * render style round-trips images through it to reproduce a camera's compression artefacts.
   *
   * @param quality 1 (smallest) to 100 (best)
   */
  public static byte[] encodeRgbJpeg(byte[] rgb, int width, int height, int quality) {
    requireRange("JPEG quality", quality, 1, 100);
    return encode(".jpg", rgb, width, height, 3, IMWRITE_JPEG_QUALITY, quality);
  }

  /** OpenCV's PNG parameters for a level; {@code fastFilter} is the one filter level 1 uses. */
  private static int[] pngParameters(int compression, int fastFilter) {
    return compression == 1
        ? new int[] {IMWRITE_PNG_COMPRESSION, 1, IMWRITE_PNG_FILTER, fastFilter, IMWRITE_PNG_STRATEGY,
            IMWRITE_PNG_STRATEGY_RLE}
        : new int[] {IMWRITE_PNG_COMPRESSION, compression};
  }

  public static byte[] encodeGrayPng(byte[] gray, int width, int height) {
    return encodeGrayPng(gray, width, height, DEFAULT_PNG_COMPRESSION);
  }

  public static byte[] encodeGrayPng(byte[] gray, int width, int height, int compression) {
    requireRange("PNG compression", compression, 0, 9);
    return encode(".png", gray, width, height, 1, pngParameters(compression, IMWRITE_PNG_FILTER_UP));
  }

  /** Decodes any format OpenCV reads into RGB (grey and alpha inputs are converted). */
  public static DecodedImage decodeRgb(byte[] encoded) {
    return decode(encoded, IMREAD_COLOR, 3);
  }

  /**
   * Decodes an image from outside (a user's photo) into RGB: only PNG, JPEG or WebP, whole, and of at most
   * {@code maxPixels} pixels, all checked from its header before the decoder allocates anything ({@link ImageHeader}).
   *
   * @throws ImageTooLargeException when the header declares more than {@code maxPixels} pixels
   * @throws ImageCodecException when it is not a whole PNG, JPEG or WebP image, or does not decode
   */
  public static DecodedImage decodeUntrustedRgb(byte[] encoded, long maxPixels) {
    return decodeUntrustedRgb(encoded, maxPixels, Integer.MAX_VALUE).image();
  }

  /**
   * A photo decoded at a fraction of its size, and that fraction.
   *
   * @param scale the photo's pixels per decoded pixel (1 when decoded whole)
   */
  public record Reduced(DecodedImage image, double scale) {}

  /**
   * {@link #decodeUntrustedRgb} at the smallest of 1/2, 1/4 and 1/8 of the photo's size whose longer side still has
   * {@code minLongerSide} pixels (whole when even half would be smaller). A JPEG is decoded at that size by its
   * decoder (DCT scaling: a 12-megapixel phone photo decodes several times faster than whole); PNG and WebP are
   * decoded whole and shrunk by area averaging. For what needs far fewer pixels than a phone takes: the photo path
   * analyses at 128 px and embeds 128 px crops.
   *
   * @throws ImageTooLargeException when the header declares more than {@code maxPixels} pixels
   * @throws ImageCodecException when it is not a whole PNG, JPEG or WebP image, or does not decode
   */
  public static Reduced decodeUntrustedRgb(byte[] encoded, long maxPixels, int minLongerSide) {
    if (minLongerSide < 1) throw new IllegalArgumentException("minLongerSide must be >= 1, was " + minLongerSide);
    ImageHeader header = ImageHeader.read(encoded).requirePixelsAtMost(maxPixels);
    int longer = Math.max(header.width(), header.height());
    int factor = 1;
    while (factor < 8 && longer / (2 * factor) >= minLongerSide) factor *= 2;
    if (factor == 1) return new Reduced(decodeRgb(encoded), 1);
    DecodedImage image = header.format() == ImageHeader.Format.JPEG
        ? decode(encoded, factor == 2 ? IMREAD_REDUCED_COLOR_2 : factor == 4 ? IMREAD_REDUCED_COLOR_4
            : IMREAD_REDUCED_COLOR_8, 3)
        : shrink(decodeRgb(encoded), (int) Math.ceil(longer / (double) factor));
    return new Reduced(image, longer / (double) Math.max(image.width(), image.height()));
  }

  /** Decodes any format OpenCV reads into one grey channel. */
  public static DecodedImage decodeGray(byte[] encoded) {
    return decode(encoded, IMREAD_GRAYSCALE, 1);
  }

  private static byte[] encode(String extension, byte[] pixels, int width, int height, int channels,
      int parameter, int value) {
    return encode(extension, pixels, width, height, channels, new int[] {parameter, value});
  }

  /** @param parameters OpenCV's imwrite flags: (flag, value) pairs */
  @SuppressWarnings("try") // the scope is used for its side effect: it frees every pointer made inside it
  private static byte[] encode(String extension, byte[] pixels, int width, int height, int channels,
      int[] parameters) {
    if (width <= 0 || height <= 0 || pixels.length != width * height * channels) {
      throw new ImageCodecException(String.format("%s encode: %d bytes is not %dx%d with %d channel(s)",
          extension, pixels.length, width, height, channels));
    }
    Natives.ensure();
    try (PointerScope scope = new PointerScope()) {
      Mat image = new Mat(height, width, channels == 3 ? CV_8UC3 : CV_8UC1, new BytePointer(pixels));
      if (channels == 3) cvtColor(image, image, COLOR_RGB2BGR);
      BytePointer out = new BytePointer();
      if (!imencode(extension, image, out, new IntPointer(parameters))) {
        throw new ImageCodecException(extension + " encode failed for a " + width + "x" + height + " image");
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    } catch (RuntimeException e) {
      if (e instanceof ImageCodecException) throw e;
      throw new ImageCodecException(extension + " encode failed: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("try") // as in encode
  private static DecodedImage decode(byte[] encoded, int flags, int channels) {
    if (encoded == null || encoded.length == 0) throw new ImageCodecException("decode: no bytes");
    Natives.ensure();
    try (PointerScope scope = new PointerScope()) {
      Mat buffer = new Mat(1, encoded.length, CV_8UC1, new BytePointer(encoded));
      Mat image = imdecode(buffer, flags);
      if (image == null || image.empty()) {
        throw new ImageCodecException("decode: " + encoded.length + " bytes are not a readable image"
            + " (corrupt or unsupported format)");
      }
      if (channels == 3) cvtColor(image, image, COLOR_BGR2RGB);
      if (!image.isContinuous()) image = image.clone();
      byte[] pixels = new byte[image.rows() * image.cols() * channels];
      image.data().get(pixels);
      return new DecodedImage(image.cols(), image.rows(), channels, pixels);
    } catch (RuntimeException e) {
      if (e instanceof ImageCodecException) throw e;
      throw new ImageCodecException("decode failed: " + e.getMessage(), e);
    }
  }

  /**
   * The image scaled so its longer side is {@code maxSide} (aspect kept), by pixel-area averaging, which keeps thin
   * edges visible when shrinking; an image already that small is returned as is.
   */
  public static DecodedImage shrink(DecodedImage image, int maxSide) {
    int longer = Math.max(image.width(), image.height());
    if (longer <= maxSide) return image;
    int width = Math.max(1, Math.round((float) image.width() * maxSide / longer));
    int height = Math.max(1, Math.round((float) image.height() * maxSide / longer));
    return scale(image, width, height);
  }

  /** The image scaled to exactly {@code width} × {@code height} by pixel-area averaging (aspect not kept). */
  @SuppressWarnings("try") // as in encode
  public static DecodedImage scale(DecodedImage image, int width, int height) {
    if (width <= 0 || height <= 0) throw new ImageCodecException("scale: bad size " + width + "x" + height);
    if (image.width() == width && image.height() == height) return image;
    Natives.ensure();
    try (PointerScope scope = new PointerScope()) {
      Mat source = new Mat(image.height(), image.width(), image.channels() == 3 ? CV_8UC3 : CV_8UC1,
          new BytePointer(image.pixels()));
      Mat target = new Mat();
      resize(source, target, new Size(width, height), 0, 0, INTER_AREA);
      byte[] pixels = new byte[width * height * image.channels()];
      target.data().get(pixels);
      return new DecodedImage(width, height, image.channels(), pixels);
    }
  }

  private static void requireRange(String what, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ImageCodecException(what + " must be " + min + ".." + max + ", was " + value);
    }
  }
}
