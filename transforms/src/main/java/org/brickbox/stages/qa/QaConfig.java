package org.brickbox.stages.qa;

import java.io.Serializable;
import org.brickbox.qa.QaThresholds;

/**
 * What the QA stage needs on a worker.
 *
 * @param outputDir the run's output directory (images are read from it, {@code qa/} is written into it)
 * @param thresholds the limits images are judged by
 * @param baselineDir output directory of an earlier build whose image of the same key SSIM compares against, or
 *     null; without it (or when it lacks the key) {@code OUT/previous/<image>} is used when present
 * @param shards number of {@code qa/metrics-*.jsonl} shards
 */
public record QaConfig(String outputDir, QaThresholds thresholds, String baselineDir, int shards)
    implements Serializable {
  public QaConfig {
    if (shards < 1) throw new IllegalArgumentException("QA shards must be >= 1, was " + shards);
  }
}
