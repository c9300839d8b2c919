package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.brickbox.fuse.Accuracy;
import org.brickbox.fuse.FusionEvaluation;
import org.brickbox.fuse.FusionWeights;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.pipeline.PhotoPlan;
import org.brickbox.stages.qa.QaSection;

/** The few lines a user reads after a run: what each stage did and where the outputs are. */
final class RunSummaryPrinter {
  private final PrintStream out;

  RunSummaryPrinter(PrintStream out) {
    this.out = out;
  }

  void print(Manifest manifest, String outputDir, long wallMs) {
    out.printf("BrickBox run %s: %s in %.1f s (LDraw %s)%n", manifest.runId(), manifest.status(), wallMs / 1000.0,
        manifest.ldraw().get("version"));
    for (Manifest.StageEntry stage : manifest.stages()) {
      out.printf("  %-7s %-10s", stage.name(), stage.status());
      if (stage.summary() != null) {
        out.printf(" %s", stage.summary().operations());
      }
      out.println();
    }
    manifest.counts().forEach((name, value) -> out.printf("  %-34s %d%n", name, value));
    String dir = outputDir.contains("://") ? outputDir : Path.of(outputDir).toAbsolutePath().normalize().toString();
    out.println("Outputs in " + dir + ":");
    out.println("  images/<part>/<colour>/<view>.png + .mask.png, records/renders-*.jsonl,");
    if (manifest.stages().stream().anyMatch(s -> s.name().equals("embed") && !s.status().equals("pending"))) {
      out.println("  embeddings/vectors-*.npy (float32 [n, d]) + vectors-*.jsonl (keys, row order), model "
          + manifest.versions().get("embedModelVersion") + ",");
    }
    QaSection qa = manifest.section(QaSection.NAME, QaSection.class);
    if (qa != null) {
      out.printf("  qa/metrics-*.jsonl, qa/quarantine.jsonl: %d of %d images quarantined %s,%n", qa.quarantined(),
          qa.images(), qa.reasons());
    }
    Accuracy accuracy = manifest.section("accuracy", Accuracy.class);
    if (accuracy != null) {
      out.printf("  index/ (%d reference views of %d parts, %s search; ./brickbox identify --index %s/index photo.jpg),%n",
          accuracy.references(), accuracy.parts(), accuracy.searchMode(), dir);
      out.println("  fuse/queries.jsonl (held-out views identified),");
    }
    out.println("  failures.jsonl, operation_logs.jsonl, manifest.json, report.html (open it in a browser)");
    if (accuracy != null) {
      out.printf("Identification of %d held-out views of %d parts (top-1 / top-5): embedding-only %.3f / %.3f, "
          + "fused %.3f / %.3f, fused %d views %.3f / %.3f%n", accuracy.queries(), accuracy.parts(),
          accuracy.embeddingOnly().top1(), accuracy.embeddingOnly().top5(), accuracy.fusedSingleView().top1(),
          accuracy.fusedSingleView().top5(), accuracy.fusedMultiView().groupSize(), accuracy.fusedMultiView().top1(),
          accuracy.fusedMultiView().top5());
      Accuracy.WeightFit fit = accuracy.fit();
      if (fit != null && fit.best() != null && fit.fixed() + fit.broken() > 0) {
        FusionWeights w = fit.best();
        out.printf("Fusion weights %s: the best on validation (shape weight %.2f, scale %.2f, pooling temperature "
            + "%.3f) fixed %d and broke %d views against embedding-only (sign test p %.4f, needs <= %.2f)%n",
            fit.accepted() ? "used" : "not used", w.shapeWeight(), w.shapeScale(), w.poolTemperature(), fit.fixed(),
            fit.broken(), fit.pValue(), FusionEvaluation.SIGNIFICANCE);
      }
      if (fit != null && fit.views() != null) {
        Accuracy.ViewConfidenceFit v = fit.views();
        out.printf("Views weighed %s: on %d validation groups of %d views the plain mean got %d right, the best "
            + "confidence weighting %d%n", v.viewConfidence() > 0 ? "by confidence (temperature "
            + v.viewConfidence() + ")" : "alike", v.groups(), accuracy.fusedMultiView().groupSize(), v.equalHits(),
            v.weightedHits());
      }
      if (fit != null && fit.photos() != null) {
        out.printf("Photo weight %.2f, fitted on your photos (%s)%n", fit.photos().photoWeight(),
            fit.photos().figures());
      }
    }
    PhotoPlan.Parts photographed = manifest.section(PhotoPlan.Parts.SECTION, PhotoPlan.Parts.class);
    if (photographed != null && !photographed.withoutRenders().isEmpty()) {
      out.printf("Photos of %d part(s) this run does not render, indexed from their photos alone: %s%n",
          photographed.withoutRenders().size(), shortList(photographed.withoutRenders()));
      if (!photographed.notInLibrary().isEmpty()) {
        out.printf("  not LDraw part ids (a part the library lacks, or a mistyped folder name?): %s%n",
            shortList(photographed.notInLibrary()));
      }
    }
    if (manifest.nextStage() != null) {
      out.println("Next stage: " + manifest.nextStage());
    }
  }

  /** Up to ten ids, then how many more (the manifest's section has them all). */
  static String shortList(List<String> ids) {
    String shown = String.join(", ", ids.subList(0, Math.min(10, ids.size())));
    return ids.size() <= 10 ? shown : shown + " and " + (ids.size() - 10) + " more (manifest.json: photos)";
  }
}
