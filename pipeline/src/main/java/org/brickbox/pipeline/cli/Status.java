package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.brickbox.fuse.Accuracy;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.stages.qa.QaSection;
import org.brickbox.io.manifest.StageSummary;
import org.brickbox.io.records.Json;
import org.brickbox.pipeline.PhotoPlan;
import org.brickbox.pipeline.rebuild.RebuildReport;
import org.brickbox.triggers.TriggerReport;
import org.brickbox.pipeline.store.ObjectStores;

/** {@code ./brickbox status --out=OUT [--json]}: a run's manifest as a table a person reads, or as JSON. */
final class Status {
  static final String USAGE = """
      usage: ./brickbox status --out=OUT [--json]
      The manifest.json of the run in OUT as a table (stages, versions, counts), or as JSON. OUT may be s3://...,
      with the object-store options a run takes (--endpoint, --awsRegion, --s3PathStyleAccess, ...).""";

  private Status() {}

  static int run(List<String> args, PrintStream out) {
    CommandArgs a = CommandArgs.parse(ObjectStores.prepareFrom(args), Set.of("out"), Set.of("json"));
    Manifest m = RunOutputs.manifest(a.required("out"));
    if (a.has("json")) {
      out.println(new String(Json.pretty(m), StandardCharsets.UTF_8));
      return BrickBoxCli.OK;
    }
    out.printf("run %s  %s  created %s%n", m.runId(), m.status(), m.createdAt());
    out.printf("next stage: %s%n", m.nextStage() == null ? "none (all stages completed)" : m.nextStage());
    out.printf("LDraw %s   options hash %s%n", m.ldraw().get("version"), m.optionsHash().substring(0, 12));
    out.println("versions: " + m.versions());
    out.printf("%n%-8s %-10s %-30s %8s %7s %9s %-30s %-30s %9s%n",
        "stage", "status", "version", "records", "failed", "warnings", "started", "finished", "busy s");
    for (Manifest.StageEntry stage : m.stages()) {
      StageSummary s = stage.summary();
      out.printf("%-8s %-10s %-30s %8s %7s %9s %-30s %-30s %9s%n", stage.name(), stage.status(),
          stage.version() == null ? "-" : stage.version(),
          s == null ? "-" : s.records(), s == null ? "-" : s.failed(), s == null ? "-" : s.warnings(),
          s == null || s.startedAt() == null ? "-" : s.startedAt(),
          s == null || s.finishedAt() == null ? "-" : s.finishedAt(),
          s == null ? "-" : String.format("%.1f", s.busyMs() / 1000.0));
    }
    out.println();
    m.counts().forEach((name, value) -> out.printf("%-36s %10d%n", name, value));
    RebuildReport rebuild = m.section(RebuildReport.SECTION, RebuildReport.class);
    if (rebuild != null) {
      out.printf("%nrebuild: %s%s — %s%n", rebuild.incremental() ? "incremental" : "full",
          rebuild.resumed() ? ", resumed an interrupted run" : "", rebuild.reason());
    }
    QaSection qa = m.section(QaSection.NAME, QaSection.class);
    if (qa != null) {
      out.printf("qa: %d of %d images quarantined %s%n", qa.quarantined(), qa.images(), qa.reasons());
      qa.metrics().forEach((name, v) -> out.printf("  %-22s mean %10.3f   p5 %10.3f   p95 %10.3f%n", name, v.mean(),
          v.p5(), v.p95()));
    }
    Accuracy accuracy = m.section("accuracy", Accuracy.class);
    if (accuracy != null) {
      out.printf("accuracy (%d held-out views of %d parts, top-1 / top-5): embedding-only %.3f / %.3f, fused %.3f / "
          + "%.3f, fused %d views %.3f / %.3f%n", accuracy.queries(), accuracy.parts(), accuracy.embeddingOnly().top1(),
          accuracy.embeddingOnly().top5(), accuracy.fusedSingleView().top1(), accuracy.fusedSingleView().top5(),
          accuracy.fusedMultiView().groupSize(), accuracy.fusedMultiView().top1(), accuracy.fusedMultiView().top5());
    }
    PhotoPlan.Parts photographed = m.section(PhotoPlan.Parts.SECTION, PhotoPlan.Parts.class);
    if (photographed != null) {
      out.printf("photos: %d part(s) photographed", photographed.photographed());
      if (!photographed.withoutRenders().isEmpty()) {
        out.printf(", indexed from their photos alone: %s", RunSummaryPrinter.shortList(photographed.withoutRenders()));
      }
      if (!photographed.notInLibrary().isEmpty()) {
        out.printf("; not LDraw part ids: %s", RunSummaryPrinter.shortList(photographed.notInLibrary()));
      }
      out.println();
    }
    TriggerReport triggers = m.section(TriggerReport.SECTION, TriggerReport.class);
    if (triggers != null) {
      out.printf("triggers: %s%n", triggers.retrain()
          ? "retrain recommended (" + triggers.severity() + "): " + String.join("; ", triggers.reasons())
          : "no retraining needed (" + triggers.rules().size() + " rules checked; ./brickbox triggers for details)");
    }
    if (m.error() != null) out.println("\nerror: " + m.error());
    return BrickBoxCli.OK;
  }
}
