package org.brickbox.stages.qa;

import java.util.Map;

/**
 * The manifest's {@code qa} section: how many images were judged, passed and quarantined, how often each rule failed,
 * mean / 5th / 95th percentile of every metric, and the thresholds used. Read back with
 * {@code manifest.section("qa", QaSection.class)}.
 */
public record QaSection(long images, long passed, long quarantined, Map<String, Long> reasons,
    Map<String, MetricSummary> metrics, Map<String, Object> thresholds) {

  public static final String NAME = "qa";

  /** One metric over the run's images; p5 and p95 from Beam's ApproximateQuantiles (exact for small runs). */
  public record MetricSummary(double mean, double p5, double p95) {}
}
