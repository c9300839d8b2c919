package org.brickbox.pipeline.progress;

/**
 * What one stage has done so far: units done (of which failed) out of those planned, and for how long it has
 * been producing them (from its first unit), which gives its rate.
 */
public record StageProgress(String stage, long done, long failed, long planned, double activeSeconds) {

  /** Units per second since the stage's first unit; 0 before that. */
  public double rate() {
    return activeSeconds > 0 && done > 0 ? done / activeSeconds : 0;
  }

  /** Seconds left at the current rate, or -1 when unknown (nothing done yet, or no plan). */
  public double etaSeconds() {
    if (done >= planned) return 0;
    double rate = rate();
    return rate > 0 ? (planned - done) / rate : -1;
  }

  /** Share done; a stage with nothing planned (a rebuild that kept all of it) is done. */
  public double fraction() {
    return planned <= 0 ? 1 : Math.min(1, (double) done / planned);
  }
}
