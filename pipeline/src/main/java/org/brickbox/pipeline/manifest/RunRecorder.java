package org.brickbox.pipeline.manifest;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.manifest.RunHistory;
import org.brickbox.triggers.RetrainRules;
import org.brickbox.triggers.TrainingInfo;
import org.brickbox.triggers.TriggerReport;
import org.brickbox.triggers.TriggerThresholds;

/**
 * Finishes every run the same way, whether it completed, failed or had nothing to do: evaluates the retrain
 * rules against the earlier runs of the history, stores them as the {@code triggers} section, writes
 * {@code manifest.json} and appends the manifest to {@code history/}.
 *
 * @param model the training record of the model in use, or null (the model rules then report no data)
 */
public record RunRecorder(TriggerThresholds thresholds, TrainingInfo model) implements Serializable {

  /** Returns where the manifest was written. */
  public String record(Manifest manifest, String outputDir) throws IOException {
    // Enough runs for the baselines and to tell a critical run of failures (4x the threshold) from a high one.
    int lookBack = Math.max(thresholds.window(), (int) Math.ceil(thresholds.consecutiveFailures() * 4));
    List<Manifest> previous = RunHistory.recent(outputDir, lookBack);
    TriggerReport triggers = RetrainRules.evaluate(manifest, previous, model, thresholds, outputDir);
    Manifest finished = manifest.withSection(TriggerReport.SECTION, triggers);
    String uri = finished.write(outputDir);
    RunHistory.append(outputDir, finished);
    return uri;
  }
}
