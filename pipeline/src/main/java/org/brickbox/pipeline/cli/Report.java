package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.brickbox.pipeline.report.RunReport;
import org.brickbox.pipeline.store.ObjectStores;

/** {@code ./brickbox report --out=OUT}: (re)writes OUT/report.html from what the run in OUT left. */
final class Report {
  static final String USAGE = """
      usage: ./brickbox report --out=OUT   (s3://... too, with the object-store options a run takes)
      Writes OUT/report.html: one self-contained page (no network needed) with the run summary and timings, a
      contact sheet of thumbnails (quarantined images marked), QA histograms, identification accuracy and the most
      confused parts, retrain triggers, and the comparison with the previous run in OUT/history/. Every run writes
      it at its end; this rewrites it, e.g. after QA or triggers added to the run.""";

  private Report() {}

  static int run(List<String> args, PrintStream out) throws Exception {
    String dir = CommandArgs.parse(ObjectStores.prepareFrom(args), Set.of("out"), Set.of()).required("out");
    RunOutputs.manifest(dir); // a directory without a run is a usage error with a clear line
    out.println("report: " + RunReport.write(dir));
    return BrickBoxCli.OK;
  }
}
