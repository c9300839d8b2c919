package org.brickbox.qa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Turns one image's metrics and the thresholds into the names of the rules it fails (empty: it passes). */
public final class QaRules {
  public static final String LOW_SHARPNESS = "low_sharpness";
  public static final String LOW_SNR = "low_snr";
  public static final String LOW_CONTRAST = "low_contrast";
  public static final String LOW_COVERAGE = "low_coverage";
  public static final String HIGH_COVERAGE = "high_coverage";
  public static final String CLIPPED = "clipped";
  public static final String OVEREXPOSED = "overexposed";
  public static final String UNDEREXPOSED = "underexposed";
  public static final String SSIM_REGRESSION = "ssim_regression";
  /** Set by {@link PartReview}, which sees the other views of the part. */
  public static final String NEAR_DUPLICATE = "near_duplicate";
  public static final String EMBEDDING_OUTLIER = "embedding_outlier";

  private QaRules() {}

  /** The per-image rules that {@code m} fails, in name order. */
  public static List<String> imageReasons(ImageMetrics m, QaThresholds t) {
    List<String> reasons = new ArrayList<>();
    if (m.sharpness() < t.minSharpness()) reasons.add(LOW_SHARPNESS);
    if (m.snrDb() < t.minSnrDb()) reasons.add(LOW_SNR);
    if (m.contrast() < t.minContrast()) reasons.add(LOW_CONTRAST);
    if (m.coverage() < t.minCoverage()) reasons.add(LOW_COVERAGE);
    if (m.coverage() > t.maxCoverage()) reasons.add(HIGH_COVERAGE);
    if (m.border() > t.maxBorder()) reasons.add(CLIPPED);
    if (m.saturated() > t.maxSaturated()) reasons.add(OVEREXPOSED);
    if (m.crushed() > t.maxCrushed()) reasons.add(UNDEREXPOSED);
    if (m.ssim() != null && m.ssim() < t.minSsim()) reasons.add(SSIM_REGRESSION);
    Collections.sort(reasons);
    return reasons;
  }

  /** A near-duplicate: within {@code nearDuplicateBits} of an earlier view (never, when the check is off). */
  static boolean nearDuplicate(int phashDistance, QaThresholds t) {
    return t.nearDuplicateBits() >= 0 && phashDistance <= t.nearDuplicateBits();
  }

  static boolean embeddingOutlier(double distance, QaThresholds t) {
    return distance > t.maxEmbeddingDistance();
  }
}
