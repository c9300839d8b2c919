package org.brickbox.pipeline.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.stages.render.RenderRecord;

/**
 * Everything the report shows, read from a run's output directory (a path or any Beam FileSystem URI). Files of
 * stages that did not run are simply absent: their parts of the report say "not run".
 *
 * @param quarantine image key → why QA quarantined it (from {@code qa/quarantine.jsonl})
 * @param qaMetrics metric name → one value per image (from {@code qa/metrics-*.jsonl})
 * @param durations {@code stage/operation} → every logged duration in ms (from {@code operation_logs.jsonl})
 * @param previous the manifest of the run before this one in {@code history/}, or null
 */
public record ReportInputs(Manifest manifest, List<RenderRecord> renders, Map<String, String> quarantine,
    Map<String, List<Double>> qaMetrics, Map<String, List<Double>> durations, Manifest previous) {

  /** Numbers in a QA metrics line that identify the image rather than measure it. */
  private static final Set<String> NOT_METRICS = Set.of("viewIndex", "colourCode", "seed", "width", "height");

  public static ReportInputs read(String out) throws IOException {
    Manifest manifest = Manifest.read(out);
    List<RenderRecord> renders = new ArrayList<>();
    forEachLine(out, "records/renders-*.jsonl", line -> renders.add(Json.read(line, RenderRecord.class)));
    renders.sort(Comparator.comparing(RenderRecord::key));
    Map<String, String> quarantine = new TreeMap<>();
    forEachLine(out, "qa/quarantine.jsonl", line -> {
      Map<String, Object> entry = Json.objectMap(line);
      quarantine.put(String.valueOf(entry.get("key")), reason(entry));
    });
    Map<String, List<Double>> qaMetrics = new TreeMap<>();
    forEachLine(out, "qa/metrics-*.jsonl", line -> {
      Map<String, Object> entry = Json.objectMap(line);
      @SuppressWarnings("unchecked")
      Map<String, Object> values = entry.get("metrics") instanceof Map<?, ?> m ? (Map<String, Object>) m : entry;
      values.forEach((name, value) -> {
        if (value instanceof Number n && !NOT_METRICS.contains(name)) {
          qaMetrics.computeIfAbsent(name, k -> new ArrayList<>()).add(n.doubleValue());
        }
      });
    });
    Map<String, List<Double>> durations = new TreeMap<>();
    forEachLine(out, "operation_logs.jsonl", line -> {
      OperationLogRecord r = Json.read(line, OperationLogRecord.class);
      durations.computeIfAbsent(r.stage() + "/" + r.operation(), k -> new ArrayList<>()).add((double) r.durationMs());
    });
    return new ReportInputs(manifest, renders, quarantine, qaMetrics, durations, previous(out, manifest.runId()));
  }

  /** The newest manifest in {@code history/} that is not this run's (history files sort by their number). */
  private static Manifest previous(String out, String runId) throws IOException {
    List<ResourceId> files = match(out, "history/*-manifest.json");
    for (int i = files.size() - 1; i >= 0; i--) {
      Manifest m = Json.read(OutputFiles.read(files.get(i)), Manifest.class);
      if (!m.runId().equals(runId)) return m;
    }
    return null;
  }

  /** QA's quarantine entries give their reasons as a list or as one text; either reads as one line. */
  private static String reason(Map<String, Object> entry) {
    Object reasons = entry.containsKey("reasons") ? entry.get("reasons") : entry.get("reason");
    if (reasons instanceof Collection<?> list) return String.join(", ", list.stream().map(String::valueOf).toList());
    if (reasons instanceof Map<?, ?> map) return String.join(", ", map.keySet().stream().map(String::valueOf).toList());
    return reasons == null ? "quarantined" : String.valueOf(reasons);
  }

  /** Each non-blank line of every file matching {@code glob} under {@code out}, files in name order. */
  static void forEachLine(String out, String glob, OutputFiles.LineConsumer consumer) throws IOException {
    for (ResourceId file : match(out, glob)) OutputFiles.forEachLine(file, consumer);
  }

  private static List<ResourceId> match(String out, String glob) throws IOException {
    MatchResult result = FileSystems.match(OutputFiles.resolve(out, glob).toString(), EmptyMatchTreatment.ALLOW);
    if (result.status() == MatchResult.Status.ERROR) throw new IOException("cannot list " + glob + " in " + out);
    Map<String, ResourceId> byName = new TreeMap<>();
    if (result.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : result.metadata()) byName.put(m.resourceId().toString(), m.resourceId());
    }
    return new ArrayList<>(byName.values());
  }
}
