package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.pipeline.logs.OperationLogStats;
import org.brickbox.pipeline.store.ObjectStores;

/**
 * {@code ./brickbox logs --out=OUT [--operation=NAME] [--status=FAILED] [--since=ISO] [--until=ISO]
 * [--slowest=10] [--json]}: statistics of a run's operation logs.
 */
final class Logs {
  static final String USAGE = """
      usage: ./brickbox logs --out=OUT [--operation=NAME] [--status=OK|WARNING|FAILED|SKIPPED]
             [--since=2026-11-27T06:00:00Z] [--until=...] [--slowest=10] [--json]
      Statistics of OUT/operation_logs.jsonl: counts per operation and status, error rate, p50/p95/max durations,
      the slowest records. OUT may be s3://..., with the object-store options a run takes.""";

  private Logs() {}

  static int run(List<String> args, PrintStream out) {
    CommandArgs a = CommandArgs.parse(ObjectStores.prepareFrom(args), Set.of("out", "operation", "status", "since", "until", "slowest"),
        Set.of("json"));
    String status = a.values().get("status");
    OperationLogStats.Filter filter = new OperationLogStats.Filter(a.values().get("operation"),
        status == null ? null : parseStatus(status), a.values().get("since"), a.values().get("until"));
    var accumulator = new OperationLogStats.Accumulator(filter,
        Integer.parseInt(a.values().getOrDefault("slowest", "10")));
    RunOutputs.forEachOperationLog(a.required("out"), accumulator::add);
    OperationLogStats stats = accumulator.result();
    if (a.has("json")) {
      out.println(new String(Json.pretty(stats), StandardCharsets.UTF_8));
      return BrickBoxCli.OK;
    }
    out.printf("%d records, error rate %.2f %%%n%n", stats.records(), 100 * stats.errorRate());
    out.printf("%-16s %-36s %8s %8s %8s %8s%n", "operation", "statuses", "count", "p50 ms", "p95 ms", "max ms");
    stats.durationsByOperation().forEach((op, d) -> out.printf("%-16s %-36s %8d %8d %8d %8d%n",
        op, stats.countsByOperation().get(op), d.count(), d.p50(), d.p95(), d.max()));
    out.println("\nslowest:");
    for (OperationLogRecord r : stats.slowest()) {
      out.printf("  %6d ms  %-12s %-8s %s%s%n", r.durationMs(), r.operation(), r.status(), r.key(),
          r.error() == null ? "" : "  (" + r.error() + ")");
    }
    return BrickBoxCli.OK;
  }

  private static OperationLogRecord.Status parseStatus(String text) {
    try {
      return OperationLogRecord.Status.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--status must be OK, WARNING, FAILED or SKIPPED, was '" + text + "'", e);
    }
  }
}
