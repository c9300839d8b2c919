package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.Json;
import org.brickbox.triggers.TriggerReport;

/**
 * {@code ./brickbox triggers --out=OUT [--json]}: the retrain rules the last run's final combine evaluated, and
 * the recommendation. Exits {@link BrickBoxCli#RETRAIN} when retraining is recommended, so a scheduler can chain
 * {@code ./brickbox train}; 0 when not.
 */
final class Triggers {
  private Triggers() {}

  static final String USAGE = "usage: ./brickbox triggers --out=OUT [--json]   (retrain rules of the run in OUT; exit "
      + BrickBoxCli.RETRAIN + " = retraining recommended, 0 = not)";

  static int run(List<String> args, PrintStream out) {
    CommandArgs a = CommandArgs.parse(args, Set.of("out"), Set.of("json"));
    String dir = a.required("out");
    Manifest m = RunOutputs.manifest(dir);
    TriggerReport t = m.section(TriggerReport.SECTION, TriggerReport.class);
    if (t == null) {
      throw new CliException("the manifest of run " + m.runId() + " in " + dir + " has no triggers section (status "
          + m.status() + "; a run still going, or written before triggers existed)", BrickBoxCli.RUN_FAILED);
    }
    if (a.has("json")) {
      out.println(new String(Json.pretty(t), StandardCharsets.UTF_8));
    } else {
      out.printf("run %s  %s%n%n%-22s %-6s %-9s %12s %12s  %s%n", m.runId(), m.createdAt(), "rule", "fired",
          "severity", "value", "threshold", "detail");
      for (TriggerReport.Rule r : t.rules()) {
        out.printf("%-22s %-6s %-9s %12s %12s  %s%n", r.rule(), r.fired() ? "yes" : "no", r.severity(),
            number(r.value()), number(r.threshold()), r.detail());
      }
      out.println();
      out.println(t.retrain()
          ? "recommendation: RETRAIN (" + t.severity() + ") with --data=" + t.data()
          : "recommendation: no retraining needed");
      t.reasons().forEach(reason -> out.println("  - " + reason));
    }
    return t.retrain() ? BrickBoxCli.RETRAIN : BrickBoxCli.OK;
  }

  private static String number(Double v) {
    return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.4g", v);
  }
}
