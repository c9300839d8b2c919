package org.brickbox.triggers;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.brickbox.io.manifest.Manifest;

/**
 * The five retrain rules, evaluated for one run against the runs before it. Pure: the inputs are manifests
 * (their {@code qa} and {@code accuracy} sections, status and counts), the model's training record and the
 * thresholds; "now" is the run's own creation time, so a verdict is reproducible.
 */
public final class RetrainRules {
  /** Manifest count: planned images of parts the model in use was not trained on (set by the planner). */
  public static final String UNTRAINED_KEYS = "render.keys.untrainedParts";
  /** Manifest count: the user's labelled photos in the index (run {@code --photos}) no model has been trained on. */
  public static final String UNTRAINED_PHOTOS = "photos.untrained";

  /** The parts of the {@code qa} section the quality rule reads. */
  record QaSummary(Long images, Long quarantined) {
    Double rate() {
      return images == null || quarantined == null || images == 0 ? null : quarantined / (double) images;
    }
  }

  /** The parts of the {@code accuracy} section the accuracy rule reads. */
  record AccuracySummary(Score embeddingOnly, Score fusedSingleView, Score fusedMultiView) {
    record Score(Double top1) {}

    /** Fused top-1 over several views if Fuse reported it, else single-view fused, else embedding only. */
    Double top1() {
      for (Score s : new Score[] {fusedMultiView, fusedSingleView, embeddingOnly}) {
        if (s != null && s.top1() != null) return s.top1();
      }
      return null;
    }
  }

  private RetrainRules() {}

  /**
   * @param previous earlier runs into the same output, oldest first (may be empty)
   * @param model the model in use, or null when BrickBox has no training record for it
   * @param dataDir where this run's images are: the data a retraining should use
   */
  public static TriggerReport evaluate(Manifest current, List<Manifest> previous, TrainingInfo model,
      TriggerThresholds t, String dataDir) {
    List<TriggerReport.Rule> rules = List.of(
        quality(current, previous, t),
        accuracy(current, previous, t),
        consecutiveFailures(current, previous, t),
        newData(current, model, t),
        modelAge(current, model, t));
    List<String> reasons = new ArrayList<>();
    Severity worst = Severity.NONE;
    for (TriggerReport.Rule r : rules) {
      if (!r.fired()) continue;
      reasons.add(r.rule() + ": " + r.detail());
      Severity s = Severity.valueOf(r.severity().toUpperCase(java.util.Locale.ROOT));
      if (s.compareTo(worst) > 0) worst = s;
    }
    return new TriggerReport(!reasons.isEmpty(), worst.label(), reasons, dataDir, rules);
  }

  static TriggerReport.Rule quality(Manifest current, List<Manifest> previous, TriggerThresholds t) {
    return againstRecentRuns("quality_degradation", current, previous, t, t.qualityDegradation(),
        m -> qa(m) == null ? null : qa(m).rate(), (now, baseline) -> now - baseline,
        "QA quarantine rate %.4f vs %.4f, the mean of the last %d runs: up %.4f (threshold %.4f)");
  }

  static TriggerReport.Rule accuracy(Manifest current, List<Manifest> previous, TriggerThresholds t) {
    return againstRecentRuns("accuracy_drop", current, previous, t, t.accuracyDrop(),
        m -> accuracyOf(m) == null ? null : accuracyOf(m).top1(), (now, baseline) -> baseline - now,
        "fused top-1 %.4f vs %.4f, the mean of the last %d runs: down %.4f (threshold %.4f)");
  }

  /** A metric of this run compared with its mean over the last {@code window} earlier runs that reported it. */
  private static TriggerReport.Rule againstRecentRuns(String name, Manifest current, List<Manifest> previous,
      TriggerThresholds t, double threshold, Function<Manifest, Double> metric,
      java.util.function.BinaryOperator<Double> change, String format) {
    Double now = metric.apply(current);
    if (now == null) return noData(name, threshold, "this run has no " + (name.startsWith("quality") ? "qa" : "accuracy") + " section");
    List<Double> earlier = new ArrayList<>();
    for (int i = previous.size() - 1; i >= 0 && earlier.size() < t.window(); i--) {
      Double v = metric.apply(previous.get(i));
      if (v != null) earlier.add(v);
    }
    if (earlier.size() < t.minHistory()) {
      return noData(name, threshold, "only " + earlier.size() + " earlier run(s) with data, "
          + t.minHistory() + " needed for a baseline");
    }
    double baseline = earlier.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double value = change.apply(now, baseline);
    return fired(name, value, threshold, String.format(java.util.Locale.ROOT, format, now, baseline,
        earlier.size(), value, threshold));
  }

  static TriggerReport.Rule consecutiveFailures(Manifest current, List<Manifest> previous, TriggerThresholds t) {
    int failures = 0;
    List<Manifest> newestFirst = new ArrayList<>(previous);
    newestFirst.add(current);
    for (int i = newestFirst.size() - 1; i >= 0 && "failed".equals(newestFirst.get(i).status()); i--) failures++;
    return fired("consecutive_failures", failures, t.consecutiveFailures(),
        failures + " failed run(s) in a row, this one included (threshold " + (long) t.consecutiveFailures() + ")");
  }

  /** Renders of parts the model never saw, plus the user's photos it was not trained on (each counts as an image). */
  static TriggerReport.Rule newData(Manifest current, TrainingInfo model, TriggerThresholds t) {
    Long untrained = current.counts() == null ? null : current.counts().get(UNTRAINED_KEYS);
    if (model == null || untrained == null) {
      return noData("new_data", t.newDataImages(), "no training record for the model in use");
    }
    long photos = current.counts().getOrDefault(UNTRAINED_PHOTOS, 0L);
    return fired("new_data", untrained + photos, t.newDataImages(), untrained + " images of parts model "
        + model.version() + " was not trained on" + (photos > 0 ? " and " + photos + " labelled photos" : "")
        + " (it saw " + model.parts().size() + " parts, " + model.images() + " images; threshold "
        + (long) t.newDataImages() + ")");
  }

  static TriggerReport.Rule modelAge(Manifest current, TrainingInfo model, TriggerThresholds t) {
    if (model == null || model.createdAt() == null) {
      return noData("model_age", t.maxModelAgeDays(), "the model in use has no training time");
    }
    try {
      Duration age = Duration.between(Instant.parse(model.createdAt()), Instant.parse(current.createdAt()));
      double days = age.toMinutes() / (24 * 60.0);
      return fired("model_age", days, t.maxModelAgeDays(), String.format(java.util.Locale.ROOT,
          "model %s trained %.1f days ago, at %s (threshold %.0f days)", model.version(), days, model.createdAt(),
          t.maxModelAgeDays()));
    } catch (DateTimeParseException e) {
      return noData("model_age", t.maxModelAgeDays(), "unreadable training time '" + model.createdAt() + "'");
    }
  }

  private static TriggerReport.Rule fired(String name, double value, double threshold, String detail) {
    Severity s = Severity.of(value, threshold);
    return new TriggerReport.Rule(name, value, threshold, s != Severity.NONE, s.label(), detail);
  }

  private static TriggerReport.Rule noData(String name, double threshold, String why) {
    return new TriggerReport.Rule(name, null, threshold, false, Severity.NONE.label(), "no data: " + why);
  }

  private static QaSummary qa(Manifest m) {
    return m.section("qa", QaSummary.class);
  }

  private static AccuracySummary accuracyOf(Manifest m) {
    return m.section("accuracy", AccuracySummary.class);
  }
}
