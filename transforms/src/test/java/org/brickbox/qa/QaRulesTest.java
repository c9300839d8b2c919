package org.brickbox.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each threshold just below, at and just above a real render's metric; thresholds from JSON and overrides. */
class QaRulesTest {
  private static final double EPSILON = 1e-6;

  /** A real render with an SSIM against a re-seeded render of the same key, so every rule has a value to judge. */
  private static ImageMetrics measured() {
    QaRenders.View view = QaRenders.render("3001", QaRenders.settings().build(), 1);
    QaRenders.View previous = QaRenders.render("3001", QaRenders.settings().seed(5).build(), 1);
    return ImageQuality.measure(view.image(), view.mask(), previous.image());
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
      "minSharpness, low_sharpness, sharpness", "minSnrDb, low_snr, snrDb", "minContrast, low_contrast, contrast",
      "minCoverage, low_coverage, coverage", "minSsim, ssim_regression, ssim"})
  void aMinimumFailsJustAboveTheMetricAndPassesAtOrBelowIt(String threshold, String reason, String metric) {
    ImageMetrics m = measured();
    double value = m.values().get(metric);
    assertFalse(reasons(m, threshold, value - EPSILON).contains(reason), "just below");
    assertFalse(reasons(m, threshold, value).contains(reason), "at");
    assertTrue(reasons(m, threshold, value + EPSILON).contains(reason), "just above");
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
      "maxCoverage, high_coverage, coverage", "maxBorder, clipped, border", "maxSaturated, overexposed, saturated",
      "maxCrushed, underexposed, crushed"})
  void aMaximumFailsJustBelowTheMetricAndPassesAtOrAboveIt(String threshold, String reason, String metric) {
    ImageMetrics m = clippedAndExposed();
    double value = m.values().get(metric);
    assertTrue(value > EPSILON, metric + " must be positive to test below it: " + m);
    assertTrue(reasons(m, threshold, value - EPSILON).contains(reason), "just below");
    assertFalse(reasons(m, threshold, value).contains(reason), "at");
    assertFalse(reasons(m, threshold, value + EPSILON).contains(reason), "just above");
  }

  /** A real render pushed against the edge with part of it painted white and part black: every max metric above 0. */
  private static ImageMetrics clippedAndExposed() {
    QaRenders.View view = QaRenders.shifted(QaRenders.render("3001", QaRenders.settings().build(), 1), -45);
    byte[] pixels = view.image().pixels().clone();
    byte[] mask = view.mask().pixels();
    for (int i = 0; i < mask.length; i++) {
      if ((mask[i] & 0xFF) < ImageQuality.PART_ALPHA) continue;
      int grey = i % 3 == 0 ? 255 : i % 3 == 1 ? 0 : -1;
      if (grey >= 0) pixels[3 * i] = pixels[3 * i + 1] = pixels[3 * i + 2] = (byte) grey;
    }
    var image = new org.brickbox.io.image.DecodedImage(view.image().width(), view.image().height(), 3, pixels);
    return ImageQuality.measure(image, view.mask(), null);
  }

  private static List<String> reasons(ImageMetrics m, String threshold, double value) {
    // Everything else as loose as it goes, so only the threshold under test can fail.
    QaThresholds loose = new QaThresholds(-1, -1000, -1, 0, 1, 1, 1, 1, -1, -1, 2);
    return QaRules.imageReasons(m, loose.with(Map.of(threshold, value)));
  }

  @Test
  void nearDuplicateAtTheLimitFailsAndOneBitMorePasses() {
    QaThresholds t = QaThresholds.DEFAULTS.with(Map.of("nearDuplicateBits", 3));
    assertTrue(QaRules.nearDuplicate(2, t));
    assertTrue(QaRules.nearDuplicate(3, t));
    assertFalse(QaRules.nearDuplicate(4, t));
    assertFalse(QaRules.nearDuplicate(0, t.with(Map.of("nearDuplicateBits", -1))), "-1 turns the check off");
    assertFalse(QaRules.embeddingOutlier(0.35, QaThresholds.DEFAULTS.with(Map.of("maxEmbeddingDistance", 0.35))));
    assertTrue(QaRules.embeddingOutlier(0.35 + EPSILON, QaThresholds.DEFAULTS.with(Map.of("maxEmbeddingDistance", 0.35))));
  }

  @Test
  void thresholdsFileSetsSomeAndDefaultsFillTheRest() {
    QaThresholds t = QaThresholds.fromJson("{\"minContrast\": 12.5, \"nearDuplicateBits\": 0}"
        .getBytes(StandardCharsets.UTF_8), "qa.json", QaThresholds.DEFAULTS);
    assertEquals(12.5, t.minContrast());
    assertEquals(0, t.nearDuplicateBits());
    assertEquals(QaThresholds.DEFAULTS.minSharpness(), t.minSharpness());
    assertEquals(new ArrayList<>(QaThresholds.DEFAULTS.asMap().keySet()), new ArrayList<>(t.asMap().keySet()));
  }

  @Test
  void aFileOverPhotographicRendersKeepsThePhotoLimitsItDoesNotName() {
    QaThresholds t = QaThresholds.fromJson("{\"minContrast\": 12.5}".getBytes(StandardCharsets.UTF_8), "qa.json",
        QaThresholds.PHOTO_DEFAULTS);
    assertEquals(12.5, t.minContrast());
    assertEquals(QaThresholds.PHOTO_DEFAULTS.maxBorder(), t.maxBorder());
    // A close-up cut by the border on a third of its ring, slightly defocused, filling 90 % of the frame: what a
    // photo shows, so it passes the photo limits and fails CAD's on exactly those three counts.
    ImageMetrics closeUp = new ImageMetrics(12, 10, 60, 0.9, 0.3, 0, 0, null, "0");
    assertEquals(List.of(), QaRules.imageReasons(closeUp, QaThresholds.PHOTO_DEFAULTS));
    assertEquals(List.of(QaRules.CLIPPED, QaRules.HIGH_COVERAGE, QaRules.LOW_SHARPNESS),
        QaRules.imageReasons(closeUp, QaThresholds.DEFAULTS));
  }

  @Test
  void theSampleThresholdsFileInTheRepositoryHoldsTheDefaults() throws Exception {
    byte[] sample = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("..", "qa-thresholds.sample.json"));
    assertEquals(QaThresholds.DEFAULTS, QaThresholds.fromJson(sample, "qa-thresholds.sample.json", QaThresholds.DEFAULTS));
  }

  @Test
  void unknownNamesWrongTypesAndOutOfRangeValuesAreRejectedWithTheirName() {
    var typo = assertThrows(IllegalArgumentException.class, () -> QaThresholds.fromJson(
        "{\"minContrat\": 3}".getBytes(StandardCharsets.UTF_8), "qa.json", QaThresholds.DEFAULTS));
    assertTrue(typo.getMessage().contains("qa.json") && typo.getMessage().contains("minContrat")
        && typo.getMessage().contains("minContrast"), typo.getMessage());
    var text = assertThrows(IllegalArgumentException.class,
        () -> QaThresholds.DEFAULTS.with(Map.of("minSsim", "high")));
    assertTrue(text.getMessage().contains("minSsim"), text.getMessage());
    var range = assertThrows(IllegalArgumentException.class,
        () -> QaThresholds.DEFAULTS.with(Map.of("maxBorder", 2)));
    assertTrue(range.getMessage().contains("maxBorder"), range.getMessage());
    var notJson = assertThrows(IllegalArgumentException.class,
        () -> QaThresholds.fromJson("minContrast: 3".getBytes(StandardCharsets.UTF_8), "qa.yaml",
            QaThresholds.DEFAULTS));
    assertTrue(notJson.getMessage().contains("qa.yaml"), notJson.getMessage());
  }
}
