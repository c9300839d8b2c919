package org.brickbox.qa;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What QA measured on one rendered image and its coverage mask (see {@link ImageQuality} for the definitions).
 *
 * @param sharpness variance of the Laplacian of the luminance over the part and its outline
 * @param snrDb part against background in dB: 10·log10((Δ² + 1) / (σ² + 1)), Δ the difference of mean luminance of part
 *     and background, σ the background's standard deviation; the +1 (one grey level) keeps flat images finite
 * @param contrast mean RGB distance (0–441) along the silhouette between the part body's local colour (outline lines
 *     peeled off) and the background's
 * @param coverage share of the frame covered by the part (mask ≥ 128)
 * @param border share of the frame's outermost pixels covered by the part (above 0: the part touches the edge)
 * @param saturated share of part pixels with luminance ≥ 250 (blown out)
 * @param crushed share of part pixels with luminance ≤ 5 (crushed to black)
 * @param ssim structural similarity of the luminance with the previous build's image of the same key; null when
 *     there is no previous image
 * @param phash 64-bit DCT perceptual hash of the part (background masked out), 16 hex digits
 */
public record ImageMetrics(double sharpness, double snrDb, double contrast, double coverage, double border,
    double saturated, double crushed, Double ssim, String phash) implements Serializable {

  /**
   * The metrics of {@link #values} (other names ignored) and the hash, as a verdict recorded them.
   *
   * @throws IllegalArgumentException when a metric other than ssim is missing
   */
  public static ImageMetrics of(Map<String, Double> values, String phash) {
    if (phash == null) throw new IllegalArgumentException("no perceptual hash");
    return new ImageMetrics(required(values, "sharpness"), required(values, "snrDb"), required(values, "contrast"),
        required(values, "coverage"), required(values, "border"), required(values, "saturated"),
        required(values, "crushed"), values.get("ssim"), phash);
  }

  private static double required(Map<String, Double> values, String name) {
    Double v = values.get(name);
    if (v == null) throw new IllegalArgumentException("no " + name + " among the metrics " + values.keySet());
    return v;
  }

  /** The numeric metrics by name (ssim only when measured), for records and summaries. */
  public Map<String, Double> values() {
    Map<String, Double> values = new TreeMap<>();
    values.put("sharpness", sharpness);
    values.put("snrDb", snrDb);
    values.put("contrast", contrast);
    values.put("coverage", coverage);
    values.put("border", border);
    values.put("saturated", saturated);
    values.put("crushed", crushed);
    if (ssim != null) values.put("ssim", ssim);
    return values;
  }
}
