package org.brickbox.pipeline.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;

/**
 * Writes {@code report.html} for the run in an output directory: reads what the run left (see
 * {@link ReportInputs}), shrinks the images it shows to thumbnails inlined as {@code data:} URIs, so the page
 * needs nothing else to display, and writes it atomically.
 */
public final class RunReport {
  public static final String FILE = "report.html";
  /** Thumbnail side in pixels and WebP quality: 1,200 thumbnails make about 1.6 MB (BENCHMARKS.md). */
  static final int THUMBNAIL_SIZE = 96;
  private static final int THUMBNAIL_QUALITY = 75;

  private RunReport() {}

  /** Writes the report of the run in {@code out}; returns where it went. */
  public static String write(String out) throws IOException {
    ReportInputs inputs = ReportInputs.read(out);
    Map<String, String> thumbnails = new HashMap<>();
    String page = ReportPage.render(inputs, image -> thumbnails.computeIfAbsent(image, i -> thumbnail(out, i)));
    ResourceId target = OutputFiles.resolve(out, FILE);
    OutputFiles.writeAtomically(target, page.getBytes(StandardCharsets.UTF_8), "text/html");
    return target.toString();
  }

  /** The image at {@code relativePath} under {@code out}, shrunk and encoded as a WebP {@code data:} URI. */
  static String thumbnail(String out, String relativePath) {
    try {
      return thumbnail(OutputFiles.read(OutputFiles.resolve(out, relativePath)));
    } catch (IOException e) {
      throw new UncheckedIOException("report: cannot read image " + relativePath + " in " + out, e);
    }
  }

  /**
   * An encoded image (any format {@link ImageCodec} reads) shrunk and encoded as a WebP {@code data:} URI.
   *
   * @throws org.brickbox.io.image.ImageCodecException when it cannot be decoded
   */
  public static String thumbnail(byte[] encoded) {
    DecodedImage small = ImageCodec.shrink(ImageCodec.decodeRgb(encoded), THUMBNAIL_SIZE);
    byte[] webp = ImageCodec.encodeRgbWebp(small.pixels(), small.width(), small.height(), THUMBNAIL_QUALITY);
    return "data:image/webp;base64," + Base64.getEncoder().encodeToString(webp);
  }
}
