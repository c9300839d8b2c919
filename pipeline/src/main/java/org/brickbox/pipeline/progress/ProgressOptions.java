package org.brickbox.pipeline.progress;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.brickbox.beam.LiveProgress;

/**
 * How a local run shows its progress. These change nothing a run writes, so they live outside the options hash
 * (which covers only options declared on BrickBoxOptions itself).
 */
public interface ProgressOptions extends PipelineOptions, LiveProgress.Options {
  @Description("Progress while the run goes: 'bar' redraws one line per stage (done/planned, rate, ETA) on a "
      + "terminal, 'log' prints plain lines every --progressIntervalSeconds (CI, cron), 'off' prints nothing, "
      + "'auto' is bar on a terminal and log otherwise. Counts come from the run's Beam metrics (DirectRunner) or "
      + "from its workers' live-progress files (Flink, whose metrics arrive at the end).")
  @Default.String("auto")
  String getProgress();
  void setProgress(String value);

  @Description("Seconds between progress lines when --progress=log (or auto without a terminal).")
  @Default.Integer(10)
  Integer getProgressIntervalSeconds();
  void setProgressIntervalSeconds(Integer value);
}
