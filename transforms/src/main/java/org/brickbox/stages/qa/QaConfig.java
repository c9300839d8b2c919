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
 * @param viewCues whether QA also gives the fuse stage each view's silhouette cues and colour ({@link
 *     QaStage#VIEW_CUES}), read off the pixels it decodes anyway
 */
public record QaConfig(String outputDir, QaThresholds thresholds, String baselineDir, int shards, boolean viewCues)
    implements Serializable {
  public QaConfig {
    if (shards < 1) throw new IllegalArgumentException("QA shards must be >= 1, was " + shards);
  }

  /** QA alone, no cues for the fuse stage. */
  public QaConfig(String outputDir, QaThresholds thresholds, String baselineDir, int shards) {
    this(outputDir, thresholds, baselineDir, shards, false);
  }

  public QaConfig withViewCues() {
    return new QaConfig(outputDir, thresholds, baselineDir, shards, true);
  }
}
