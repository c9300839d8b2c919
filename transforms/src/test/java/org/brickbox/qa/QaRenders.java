package org.brickbox.qa;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.ldraw.ColourTable;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.render.BackgroundMode;
import org.brickbox.render.PartRenderer;
import org.brickbox.render.PreparedMesh;
import org.brickbox.render.RenderKey;
import org.brickbox.render.RenderKeys;
import org.brickbox.render.RenderSettings;
import org.brickbox.render.RenderedView;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Real parts rendered by the project's renderer from the installed LDraw library, and edits of those images. */
final class QaRenders {
  static final Path LIBRARY = Path.of(System.getProperty("user.home"), ".cache/brickbox/ldraw");

  private QaRenders() {}

  /** An image and its coverage mask, as the render stage writes them. */
  record View(DecodedImage image, DecodedImage mask) {}

  static RenderSettings.Builder settings() {
    return RenderSettings.builder().imageSize(128).viewCount(8).background(BackgroundMode.PLAIN).fixedColour(4);
  }

  static ColourTable colours() {
    return library().colours();
  }

  private static LDrawLibrary library() {
    assumeTrue(Files.isDirectory(LIBRARY.resolve("parts")), "needs the LDraw library at " + LIBRARY);
    return LDrawLibrary.shared(LIBRARY);
  }

  static View render(String partId, RenderSettings settings, int viewIndex) {
    LDrawLibrary library = library();
    RenderKey key = RenderKeys.forPart(partId, settings).get(viewIndex);
    RenderedView v = new PartRenderer().render(PreparedMesh.of(library.load(partId).mesh()), library.colours(),
        settings, key);
    return new View(new DecodedImage(v.width(), v.height(), 3, v.rgb()), new DecodedImage(v.width(), v.height(), 1, v.mask()));
  }

  /** The view moved {@code dx} pixels right (negative: left), the uncovered side filled with the corner's pixel. */
  static View shifted(View view, int dx) {
    return new View(shift(view.image(), dx), shift(view.mask(), dx));
  }

  private static DecodedImage shift(DecodedImage d, int dx) {
    int w = d.width(), c = d.channels();
    byte[] out = new byte[d.pixels().length];
    for (int y = 0; y < d.height(); y++) {
      for (int x = 0; x < w; x++) {
        int from = Math.min(w - 1, Math.max(0, x - dx));
        int source = (from == x - dx) ? (y * w + from) * c : y * w * c; // off-frame: the row's first pixel
        System.arraycopy(d.pixels(), source, out, (y * w + x) * c, c);
      }
    }
    return new DecodedImage(w, d.height(), c, out);
  }

  /** The image blurred with OpenCV's Gaussian blur (σ in pixels); the mask is kept. */
  @SuppressWarnings("try")
  static View blurred(View view, double sigma) {
    DecodedImage d = view.image();
    try (PointerScope scope = new PointerScope()) {
      Mat m = new Mat(d.height(), d.width(), CV_8UC3, new BytePointer(d.pixels()));
      Mat out = new Mat();
      GaussianBlur(m, out, new Size(0, 0), sigma);
      byte[] pixels = new byte[d.pixels().length];
      out.data().get(pixels);
      return new View(new DecodedImage(d.width(), d.height(), 3, pixels), view.mask());
    }
  }

  /** The view with every part pixel (mask ≥ 128) set to one grey level. */
  static View partPainted(View view, int grey) {
    byte[] pixels = view.image().pixels().clone();
    byte[] mask = view.mask().pixels();
    for (int i = 0; i < mask.length; i++) {
      if ((mask[i] & 0xFF) >= ImageQuality.PART_ALPHA) {
        pixels[3 * i] = pixels[3 * i + 1] = pixels[3 * i + 2] = (byte) grey;
      }
    }
    DecodedImage d = view.image();
    return new View(new DecodedImage(d.width(), d.height(), 3, pixels), view.mask());
  }

  static ImageMetrics measure(View view) {
    return ImageQuality.measure(view.image(), view.mask(), null);
  }
}
