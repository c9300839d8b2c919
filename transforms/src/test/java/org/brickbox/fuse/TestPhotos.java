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
