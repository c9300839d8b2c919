package org.brickbox.qa;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.brickbox.io.records.Json;

/**
 * The limits QA judges images by (see {@link ImageMetrics} for what each metric means). An image fails a
 * {@code min*} limit when its metric is below it and a {@code max*} limit when above it; the limit itself passes.
 * Defaults are set from the metrics of this renderer's images (README, "QA"); a JSON file may set any subset, and
 * single options override the file.
 *
 * @param minSharpness Laplacian variance below this: blurred
 * @param minSnrDb part-against-background SNR below this (dB): the part drowns in the background
 * @param minContrast silhouette contrast below this (RGB distance 0–441): the part does not stand out
 * @param minCoverage part covers less of the frame than this: too small or missing
 * @param maxCoverage part covers more of the frame than this: too close
 * @param maxBorder part covers more of the frame's outermost pixels than this: clipped
 * @param maxSaturated more of the part than this is blown out (luminance ≥ 250)
 * @param maxCrushed more of the part than this is crushed (luminance ≤ 5)
 * @param minSsim SSIM with the previous build's image below this: a regression of library, renderer or settings
 * @param nearDuplicateBits a view whose pHash is within this many bits (of 64) of an earlier view of the part is a
 *     near-duplicate; −1 turns the check off
 * @param maxEmbeddingDistance cosine distance from a view's vector to the nearest other view of its part above
 *     this: an anomalous embedding
 */
public record QaThresholds(double minSharpness, double minSnrDb, double minContrast, double minCoverage,
    double maxCoverage, double maxBorder, double maxSaturated, double maxCrushed, double minSsim,
    int nearDuplicateBits, double maxEmbeddingDistance) implements Serializable {

  public static final QaThresholds DEFAULTS =
      new QaThresholds(20, -35, 30, 0.02, 0.85, 0, 0.9, 0.5, 0.9, 2, 0.6);

  /**
   * The limits for photographic renders, which contain on purpose what {@link #DEFAULTS} rejects: parts cut by the
   * border (tight framing), parts that fill most of the frame, defocus and motion blur, and white parts on white
   * surfaces. Only images where those go past what a photo of one part shows are rejected: more than half of the
   * border ring covered, a frame 95 % full, blur that leaves almost no edges (Laplacian variance 4; 16 is the 5th
   * percentile of a photographic render), silhouette contrast under 10.
   */
  public static final QaThresholds PHOTO_DEFAULTS =
      new QaThresholds(4, -35, 10, 0.02, 0.95, 0.5, 0.9, 0.5, 0.9, 2, 0.6);

  public QaThresholds {
    requireShare("minCoverage", minCoverage);
    requireShare("maxCoverage", maxCoverage);
    requireShare("maxBorder", maxBorder);
    requireShare("maxSaturated", maxSaturated);
    requireShare("maxCrushed", maxCrushed);
    if (minCoverage > maxCoverage) {
      throw new IllegalArgumentException("QA thresholds: minCoverage " + minCoverage + " is above maxCoverage " + maxCoverage);
    }
    if (minSsim < -1 || minSsim > 1) throw new IllegalArgumentException("QA thresholds: minSsim must be -1..1, was " + minSsim);
    if (nearDuplicateBits < -1 || nearDuplicateBits > 64) {
      throw new IllegalArgumentException("QA thresholds: nearDuplicateBits must be -1..64, was " + nearDuplicateBits);
    }
    if (maxEmbeddingDistance < 0 || maxEmbeddingDistance > 2) {
      throw new IllegalArgumentException("QA thresholds: maxEmbeddingDistance must be 0..2, was " + maxEmbeddingDistance);
    }
  }

  /** Thresholds from a JSON object naming any of the fields; the rest keep their values in {@code base}. */
  public static QaThresholds fromJson(byte[] json, String source, QaThresholds base) {
    Map<String, Object> given;
    try {
      given = Json.objectMap(new String(json, StandardCharsets.UTF_8));
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException(source + ": not a JSON object of QA thresholds: " + e.getCause().getMessage(), e);
    }
    try {
      return base.with(given);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** These thresholds with some replaced by name; an unknown name is an error, naming the known ones. */
  public QaThresholds with(Map<String, ?> overrides) {
    Map<String, Object> values = asMap();
    for (Map.Entry<String, ?> e : overrides.entrySet()) {
      if (!values.containsKey(e.getKey())) {
        throw new IllegalArgumentException("unknown QA threshold '" + e.getKey() + "' (known: "
            + new TreeSet<>(values.keySet()) + ")");
      }
      if (!(e.getValue() instanceof Number)) {
        throw new IllegalArgumentException("QA threshold '" + e.getKey() + "' must be a number, was " + e.getValue());
      }
      values.put(e.getKey(), e.getValue());
    }
    try {
      return Json.mapper().convertValue(values, QaThresholds.class);
    } catch (IllegalArgumentException e) {
      Throwable root = e;
      while (root.getCause() != null) root = root.getCause();
      throw new IllegalArgumentException(root.getMessage(), e);
    }
  }

  /** Field name → value, in declaration order: the manifest's {@code qa.thresholds}. */
  public Map<String, Object> asMap() {
    return Json.mapper().convertValue(this, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  private static void requireShare(String name, double value) {
    if (value < 0 || value > 1) throw new IllegalArgumentException("QA thresholds: " + name + " must be 0..1, was " + value);
  }
}
