package org.brickbox.pipeline;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.qa.QaThresholds;
import org.brickbox.render.RenderStyle;
import org.brickbox.stages.qa.QaConfig;

/**
 * The QA stage's configuration from the options: thresholds (the render style's defaults, then the file, then single
 * flags).
 */
final class QaPlan {
  private QaPlan() {}

  /** Null when {@code --qa=false}. */
  static QaConfig config(BrickBoxOptions o) {
    if (!o.getQa()) return null;
    return new QaConfig(o.getOut(), thresholds(o), blankToNull(o.getQaBaseline()), o.getRecordShards());
  }

  static QaThresholds thresholds(BrickBoxOptions o) {
    QaThresholds base = RunPlan.parseStyle(o.getStyle()) == RenderStyle.PHOTO
        ? QaThresholds.PHOTO_DEFAULTS : QaThresholds.DEFAULTS;
    String file = blankToNull(o.getQaThresholds());
    if (file != null) {
      try {
        base = QaThresholds.fromJson(OutputFiles.read(FileSystems.matchNewResource(file, false)), file, base);
      } catch (IOException e) {
        throw new IllegalArgumentException("--qaThresholds: cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    Map<String, Number> flags = new LinkedHashMap<>();
    flags.put("minSharpness", o.getQaMinSharpness());
    flags.put("minSnrDb", o.getQaMinSnrDb());
    flags.put("minContrast", o.getQaMinContrast());
    flags.put("minCoverage", o.getQaMinCoverage());
    flags.put("maxCoverage", o.getQaMaxCoverage());
    flags.put("maxBorder", o.getQaMaxBorder());
    flags.put("maxSaturated", o.getQaMaxSaturated());
    flags.put("maxCrushed", o.getQaMaxCrushed());
    flags.put("minSsim", o.getQaMinSsim());
    flags.put("nearDuplicateBits", o.getQaNearDuplicateBits());
    flags.put("maxEmbeddingDistance", o.getQaMaxEmbeddingDistance());
    flags.values().removeIf(v -> v == null);
    return base.with(flags);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
