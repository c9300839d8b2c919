package org.brickbox.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.brickbox.io.manifest.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each retrain rule at, just below and far past its threshold, and with empty or short history. */
class RetrainRulesTest {
  private static final TriggerThresholds T = TriggerThresholds.DEFAULTS;
  private static final String NOW = "2026-12-01T00:00:00Z";
  private static final TrainingInfo MODEL = new TrainingInfo("m-1", "2026-11-01T00:00:00Z", 1000, List.of("3001"));

  private static Manifest run(String status, Map<String, Map<String, Object>> sections, Map<String, Long> counts) {
    return new Manifest(1, "r", NOW, status, null, Map.of(), Map.of(), Map.of(), "h", List.of(), counts, Map.of(),
        sections, null);
  }

  private static Manifest withQa(long images, long quarantined) {
    return run("completed", Map.of("qa", Map.of("images", images, "quarantined", quarantined, "passed",
        images - quarantined)), Map.of());
  }

  private static Manifest withTop1(double top1) {
    return run("completed", Map.of("accuracy", Map.of("parts", 5, "embeddingOnly", Map.of("top1", 0.1),
        "fusedMultiView", Map.of("top1", top1, "top5", 1.0, "queries", 10))), Map.of());
  }

  private static Manifest withUntrainedKeys(long n) {
    return run("completed", null, Map.of(RetrainRules.UNTRAINED_KEYS, n));
  }

  private static TriggerReport.Rule rule(TriggerReport report, String name) {
    return report.rules().stream().filter(r -> r.rule().equals(name)).findFirst().orElseThrow();
  }

  private static TriggerReport evaluate(Manifest current, List<Manifest> previous) {
    return RetrainRules.evaluate(current, previous, MODEL, T, "out/run");
  }

  @Test
  void qualityDegradationFiresAtItsThresholdNotJustBelowAndCriticallyFarPast() {
    List<Manifest> history = List.of(withQa(1000, 10), withQa(1000, 10)); // baseline rate 0.01
    TriggerReport.Rule at = rule(evaluate(withQa(1000, 30), history), "quality_degradation"); // +0.02
    assertTrue(at.fired(), at.detail());
    assertEquals("low", at.severity());
    assertEquals(0.02, at.value(), 1e-12);
    TriggerReport.Rule below = rule(evaluate(withQa(1000, 29), history), "quality_degradation");
    assertFalse(below.fired(), below.detail());
    assertEquals("none", below.severity());
    assertEquals("critical", rule(evaluate(withQa(1000, 200), history), "quality_degradation").severity());
  }

  @Test
  void accuracyDropUsesFusedMultiViewTop1AgainstTheMeanOfRecentRuns() {
    List<Manifest> history = List.of(withTop1(0.90), withTop1(0.80), withTop1(0.90)); // window 5, mean 0.8667
    TriggerReport.Rule at = rule(evaluate(withTop1(0.90 * 2 / 3 + 0.8 / 3 - 0.03), history), "accuracy_drop");
    assertTrue(at.fired(), at.detail());
    TriggerReport.Rule below = rule(evaluate(withTop1(0.8667 - 0.0299), history), "accuracy_drop");
    assertFalse(below.fired(), below.detail());
    TriggerReport.Rule far = rule(evaluate(withTop1(0.5), history), "accuracy_drop");
    assertEquals("critical", far.severity());
    assertEquals(0.3667, far.value(), 1e-3);
  }

  @Test
  void theBaselineAveragesOnlyTheLastWindowOfRunsThatReportedTheMetric() {
    List<Manifest> history = new ArrayList<>(Collections.nCopies(10, withTop1(0.5)));
    history.addAll(Collections.nCopies(5, withTop1(0.9)));
    history.add(run("completed", null, Map.of())); // no accuracy section: skipped, not a zero
    TriggerReport.Rule r = rule(evaluate(withTop1(0.88), history), "accuracy_drop");
    assertEquals(0.02, r.value(), 1e-12, "the older 0.5 runs are outside the window of 5");
    assertFalse(r.fired());
  }

  @Test
  void emptyOrShortHistoryAndMissingSectionsGiveNoDataNotAFiredRule() {
    TriggerReport empty = evaluate(withQa(100, 90), List.of());
    assertFalse(rule(empty, "quality_degradation").fired());
    assertNull(rule(empty, "quality_degradation").value());
    assertTrue(rule(empty, "quality_degradation").detail().startsWith("no data: only 0 earlier run(s)"));
    TriggerReport shortHistory = evaluate(withTop1(0.1), List.of(withTop1(0.9))); // minHistory 2
    assertFalse(rule(shortHistory, "accuracy_drop").fired());
    assertTrue(rule(shortHistory, "accuracy_drop").detail().contains("2 needed"));
    TriggerReport noSections = evaluate(run("completed", null, Map.of()), List.of(withQa(10, 1), withQa(10, 1)));
    assertEquals("no data: this run has no qa section", rule(noSections, "quality_degradation").detail());
    assertEquals("no data: this run has no accuracy section", rule(noSections, "accuracy_drop").detail());
    assertTrue(noSections.reasons().stream().noneMatch(r -> r.startsWith("quality") || r.startsWith("accuracy")));
  }

  @Test
  void consecutiveFailuresCountBackFromThisRunUntilOneSucceeded() {
    Manifest ok = run("completed", null, Map.of());
    Manifest failed = run("failed", null, Map.of());
    assertEquals(1.0, rule(evaluate(failed, List.of()), "consecutive_failures").value(), "empty history: this run");
    TriggerReport.Rule below = rule(evaluate(failed, List.of(failed, ok, failed)), "consecutive_failures");
    assertEquals(2.0, below.value());
    assertFalse(below.fired());
    TriggerReport.Rule at = rule(evaluate(failed, List.of(ok, failed, failed)), "consecutive_failures");
    assertTrue(at.fired());
    assertEquals("low", at.severity());
    TriggerReport.Rule far = rule(evaluate(failed, Collections.nCopies(11, failed)), "consecutive_failures");
    assertEquals("critical", far.severity(), far.detail());
    assertFalse(rule(evaluate(ok, Collections.nCopies(11, failed)), "consecutive_failures").fired());
  }

  @Test
  void newDataCountsImagesOfPartsTheModelWasNotTrainedOn() {
    assertTrue(rule(evaluate(withUntrainedKeys(1000), List.of()), "new_data").fired());
    assertFalse(rule(evaluate(withUntrainedKeys(999), List.of()), "new_data").fired());
    assertEquals("high", rule(evaluate(withUntrainedKeys(2000), List.of()), "new_data").severity());
    // A user's labelled photos the model has not been trained on are new data too.
    TriggerReport.Rule withPhotos = rule(evaluate(run("completed", null, Map.of(RetrainRules.UNTRAINED_KEYS, 900L,
        RetrainRules.UNTRAINED_PHOTOS, 100L)), List.of()), "new_data");
    assertTrue(withPhotos.fired(), withPhotos.toString());
    assertTrue(withPhotos.detail().startsWith("900 images of parts model") && withPhotos.detail().contains(
        "and 100 labelled photos"), withPhotos.detail());
    TriggerReport noModel = RetrainRules.evaluate(withUntrainedKeys(5000), List.of(), null, T, "out");
    assertFalse(rule(noModel, "new_data").fired());
    assertTrue(rule(noModel, "new_data").detail().startsWith("no data"));
  }

  @Test
  void modelAgeFiresAfterThePeriodMeasuredAtTheRunsOwnTime() {
    Manifest current = run("completed", null, Map.of()); // NOW is 30 days after MODEL's training
    TriggerReport.Rule at = rule(evaluate(current, List.of()), "model_age");
    assertEquals(30.0, at.value(), 1e-9);
    assertTrue(at.fired());
    TrainingInfo newer = new TrainingInfo("m-2", "2026-11-01T00:01:00Z", 1000, List.of());
    assertFalse(rule(RetrainRules.evaluate(current, List.of(), newer, T, "out"), "model_age").fired(),
        "one minute short of 30 days");
    TrainingInfo old = new TrainingInfo("m-0", "2026-01-01T00:00:00Z", 1000, List.of());
    assertEquals("critical", rule(RetrainRules.evaluate(current, List.of(), old, T, "out"), "model_age").severity());
    TrainingInfo undated = new TrainingInfo("m-x", null, 1000, List.of());
    assertFalse(rule(RetrainRules.evaluate(current, List.of(), undated, T, "out"), "model_age").fired());
  }

  @Test
  void theRecommendationNamesEveryFiredRuleTheWorstSeverityAndTheData() {
    Manifest failed = run("failed", null, Map.of(RetrainRules.UNTRAINED_KEYS, 1200L));
    TriggerReport r = evaluate(failed, List.of(failed, failed, failed, failed, failed));
    assertTrue(r.retrain());
    assertEquals("high", r.severity(), "6 failures in a row = 2x the threshold");
    assertEquals(List.of("consecutive_failures", "new_data", "model_age"),
        r.reasons().stream().map(s -> s.substring(0, s.indexOf(':'))).toList());
    assertEquals("out/run", r.data());
    assertEquals(5, r.rules().size());
  }

  @Test
  void thresholdsParseFromPairsAndJsonFilesAndRejectUnknownNames(@TempDir Path dir) throws Exception {
    assertEquals(TriggerThresholds.DEFAULTS, TriggerThresholds.parse(""));
    TriggerThresholds t = TriggerThresholds.parse("accuracyDrop=0.05, window=10");
    assertEquals(0.05, t.accuracyDrop());
    assertEquals(10, t.window());
    assertEquals(T.qualityDegradation(), t.qualityDegradation());
    Path file = Files.writeString(dir.resolve("t.json"), "{\"maxModelAgeDays\": 7, \"minHistory\": 1}");
    assertEquals(7.0, TriggerThresholds.parse(file.toString()).maxModelAgeDays());
    assertThrows(IllegalArgumentException.class, () -> TriggerThresholds.parse("acuracyDrop=0.05"));
    assertThrows(IllegalArgumentException.class, () -> TriggerThresholds.parse("accuracyDrop=0"));
    assertThrows(IllegalArgumentException.class, () -> TriggerThresholds.parse("minHistory=9"));
  }

  @Test
  void severityGrowsWithTheRatioToTheThreshold() {
    assertEquals(Severity.NONE, Severity.of(0.99, 1));
    assertEquals(Severity.LOW, Severity.of(1, 1));
    assertEquals(Severity.MEDIUM, Severity.of(1.5, 1));
    assertEquals(Severity.HIGH, Severity.of(2, 1));
    assertEquals(Severity.CRITICAL, Severity.of(4, 1));
  }
}
