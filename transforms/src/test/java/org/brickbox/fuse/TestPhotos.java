package org.brickbox.fuse;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.io.ByteArrayOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.render.BackgroundMode;
import org.brickbox.render.PartRenderer;
import org.brickbox.render.PreparedMesh;
import org.brickbox.render.RenderKeys;
import org.brickbox.render.RenderSettings;
import org.brickbox.render.RenderedView;

/** Stand-ins for photographs made from real renders: a part on a large lit backdrop, as JPEG, with EXIF. */
public final class TestPhotos {
  private TestPhotos() {}

  /** View {@code view} of 8 around {@code part} in one colour, 160 px, plain background. */
  public static RenderedView render(LDrawLibrary library, String part, int colour, int view) {
    RenderSettings settings = RenderSettings.builder().imageSize(160).viewCount(8).fixedColour(colour)
        .background(BackgroundMode.PLAIN).seed(977).build();
    return new PartRenderer().render(PreparedMesh.of(library.load(part).mesh()), library.colours(), settings,
        RenderKeys.forPart(part, settings).get(view));
  }

  /**
   * View {@code view} of 8 around {@code part} in one colour, {@code size} px, without edge lines (photos have none),
   * plain background.
   */
  public static RenderedView renderPlain(LDrawLibrary library, String part, int colour, int view, int size) {
    RenderSettings settings = RenderSettings.builder().imageSize(size).viewCount(8).fixedColour(colour)
        .background(BackgroundMode.PLAIN).edges(false).seed(977).build();
    return new PartRenderer().render(PreparedMesh.of(library.load(part).mesh()), library.colours(), settings,
        RenderKeys.forPart(part, settings).get(view));
  }

  /** A composed photo and the true mask of its part (255 = part), both {@code width} × {@code height}. */
  public record Composed(DecodedImage photo, byte[] mask) {}

  /**
   * A photo composed the way a light part on a light surface looks, with a known mask: a surface of colour
   * {@code surface} (RGB) under uneven light (a vignette and a left-to-right falloff), with paper-like grain of
   * {@code grain} grey levels, the part's soft shadow cast down and to the right (darker, same chroma, slightly
   * bluer as skylight fills it), then the render's part pixels at (left, top), part of which may lie outside the
   * frame; then sensor noise. Deterministic for a seed.
   */
  public static Composed onSurface(RenderedView view, int width, int height, int left, int top, int[] surface,
      double grain, double shadowDepth, long seed) {
    java.util.Random random = new java.util.Random(seed);
    int w = width;
    int h = height;
    double[] grainField = smoothNoise(random, w, h, grain);
    double[] shadow = new double[w * h];
    int vw = view.width();
    int offsetX = Math.max(2, vw / 14);
    int offsetY = Math.max(2, vw / 10);
    for (int y = 0; y < view.height(); y++) {
      for (int x = 0; x < vw; x++) {
        if ((view.mask()[y * vw + x] & 0xFF) < 128) continue;
        int sx = left + x + offsetX;
        int sy = top + y + offsetY;
        if (sx >= 0 && sy >= 0 && sx < w && sy < h) shadow[sy * w + sx] = 1;
      }
    }
    shadow = blur(blur(shadow, w, h, Math.max(2, vw / 12)), w, h, Math.max(2, vw / 12));
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        double dx = (x - w / 2.0) / w;
        double dy = (y - h / 2.0) / h;
        double light = (1 - 0.25 * (dx * dx + dy * dy)) * (1 - 0.06 * x / (double) w);
        double dark = 1 - shadowDepth * Math.min(1, shadow[i] * 1.3);
        for (int c = 0; c < 3; c++) {
          double tint = 1 + (c == 2 ? 0.12 : c == 0 ? -0.08 : 0) * (1 - dark); // skylight fills the shadow
          double v = surface[c] * light * dark * tint + grainField[i];
          rgb[i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
    byte[] mask = new byte[w * h];
    for (int y = 0; y < view.height(); y++) {
      for (int x = 0; x < vw; x++) {
        int sx = left + x;
        int sy = top + y;
        if (sx < 0 || sy < 0 || sx >= w || sy >= h) continue;
        int a = view.mask()[y * vw + x] & 0xFF;
        if (a == 0) continue;
        int o = sy * w + sx;
        if (a >= 128) mask[o] = (byte) 255;
        for (int c = 0; c < 3; c++) {
          int part = view.rgb()[(y * vw + x) * 3 + c] & 0xFF;
          int under = rgb[o * 3 + c] & 0xFF;
          rgb[o * 3 + c] = (byte) Math.round((part * a + under * (255 - a)) / 255.0);
        }
      }
    }
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) Math.max(0, Math.min(255, (rgb[i] & 0xFF) + (int) Math.round(random.nextGaussian() * 1.5)));
    }
    return new Composed(new DecodedImage(w, h, 3, rgb), mask);
  }

  private static double[] smoothNoise(java.util.Random random, int w, int h, double amplitude) {
    double[] n = new double[w * h];
    for (int i = 0; i < n.length; i++) n[i] = random.nextGaussian();
    n = blur(n, w, h, 1);
    double sum = 0;
    for (double v : n) sum += v * v;
    double scale = amplitude / Math.sqrt(sum / n.length + 1e-12);
    for (int i = 0; i < n.length; i++) n[i] *= scale;
    return n;
  }

  /** Box blur of radius r, rows then columns. */
  private static double[] blur(double[] v, int w, int h, int r) {
    double[] a = new double[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = 0;
        int n = 0;
        for (int k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++, n++) s += v[y * w + k];
        a[y * w + x] = s / n;
      }
    }
    double[] b = new double[w * h];
    for (int x = 0; x < w; x++) {
      for (int y = 0; y < h; y++) {
        double s = 0;
        int n = 0;
        for (int k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++, n++) s += a[k * w + x];
        b[y * w + x] = s / n;
      }
    }
    return b;
  }

  /** The render's part pixels pasted at (left, top) on a w×h canvas with a left-to-right grey-to-beige gradient. */
  public static DecodedImage onBackdrop(RenderedView view, int w, int h, int left, int top) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double t = x / (double) w;
        int o = (y * w + x) * 3;
        rgb[o] = (byte) (170 + 50 * t);
        rgb[o + 1] = (byte) (170 + 35 * t);
        rgb[o + 2] = (byte) (170 + 10 * t);
      }
    }
    for (int y = 0; y < view.height(); y++) {
      for (int x = 0; x < view.width(); x++) {
        if ((view.mask()[y * view.width() + x] & 0xFF) < 128) continue;
        for (int c = 0; c < 3; c++) rgb[((top + y) * w + left + x) * 3 + c] = view.rgb()[(y * view.width() + x) * 3 + c];
      }
    }
    return new DecodedImage(w, h, 3, rgb);
  }

  public static byte[] jpeg(DecodedImage image) {
    Mat bgr = new Mat(image.height(), image.width(), opencv_core.CV_8UC3,
        new BytePointer(image.pixels()));
    opencv_imgproc.cvtColor(bgr, bgr, opencv_imgproc.COLOR_RGB2BGR);
    BytePointer out = new BytePointer();
    imencode(".jpg", bgr, out);
    byte[] bytes = new byte[(int) out.limit()];
    out.get(bytes);
    return bytes;
  }

  /** Inserts an EXIF APP1 segment holding only the orientation tag right after the JPEG's start marker. */
  public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first IFD at offset 8
        0, 1, // one entry
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // tag 0x0112 SHORT x1 = orientation
        0, 0, 0, 0}; // no next IFD
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    int length = 2 + 6 + tiff.length;
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
    out.writeBytes(tiff);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

}
