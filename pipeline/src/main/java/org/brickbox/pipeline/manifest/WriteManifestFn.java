package org.brickbox.pipeline.manifest;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.manifest.StageSummary;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.Json;

/**
 * The last step of the graph: turns the stage summaries into {@code manifest.json}, with a SHA-256 of every
 * record file the run wrote (read back after they are final, so the hash is of what is on disk).
 */
public final class WriteManifestFn extends DoFn<Map<String, StageSummary>, String> {
  /** The stages of the full design, in graph order; those not yet in the graph are reported as pending. */
  public static final List<String> STAGES = List.of("render", "embed", "fuse", "qa");

  private final RunInfo run;
  private final PCollectionView<List<String>> writtenFiles;
  private final PCollectionView<Map<String, String>> sections;
  private final RunRecorder recorder;

  /**
   * @param writtenFiles every file the run wrote, so the manifest waits for them and hashes them
   * @param sections section name → JSON object, one per reporting stage (see {@link Manifest#SECTIONS})
   * @param recorder adds the retrain triggers, writes the manifest and appends it to the run history
   */
  public WriteManifestFn(RunInfo run, PCollectionView<List<String>> writtenFiles,
      PCollectionView<Map<String, String>> sections, RunRecorder recorder) {
    this.run = run;
    this.writtenFiles = writtenFiles;
    this.sections = sections;
    this.recorder = recorder;
  }

  @ProcessElement
  public void process(ProcessContext context) throws IOException {
    Map<String, StageSummary> summaries = context.element();
    Map<String, String> hashes = new TreeMap<>();
    for (String uri : context.sideInput(writtenFiles)) {
      var resource = FileSystems.matchNewResource(uri, false);
      hashes.put(relativeTo(run.outputDir(), uri), Hashes.sha256Hex(OutputFiles.read(resource)));
    }
    Map<String, Map<String, Object>> reported = new TreeMap<>();
    context.sideInput(sections).forEach((name, json) -> reported.put(name, Json.objectMap(json)));
    context.output(recorder.record(build(run, summaries, hashes, reported, Instant.now().toString()), run.outputDir()));
  }

  /** Pure assembly of the manifest, separately testable. */
  public static Manifest build(RunInfo run, Map<String, StageSummary> summaries, Map<String, String> hashes,
      Map<String, Map<String, Object>> sections, String createdAt) {
    List<Manifest.StageEntry> stages = new ArrayList<>();
    String next = null;
    boolean failed = false;
    for (String stage : STAGES) {
      StageSummary summary = summaries.get(stage);
      boolean inGraph = run.stageVersions().containsKey(stage);
      String status = !inGraph ? "pending" : summary == null ? "completed" : summary.status();
      if (status.equals("failed")) failed = true;
      if (next == null && !status.equals("completed")) next = stage;
      stages.add(new Manifest.StageEntry(stage, status, run.stageVersions().get(stage), summary));
    }
    Map<String, Long> counts = new LinkedHashMap<>(run.plannedCounts());
    summaries.values().forEach(s -> s.operations().forEach((op, byStatus) ->
        byStatus.forEach((status, n) -> counts.merge(s.stage() + "." + op + "." + status.toLowerCase(), n, Long::sum))));
    return new Manifest(Manifest.FORMAT_VERSION, run.runId(), createdAt,
        failed ? "failed" : next == null ? "completed" : "partial", next,
        run.versions(), run.ldraw(), run.options(), run.optionsHash(), stages, counts, hashes,
        sections.isEmpty() ? null : sections, null);
  }

  static String relativeTo(String dir, String uri) {
    String base = FileSystems.matchNewResource(dir, true).toString();
    return uri.startsWith(base) ? uri.substring(base.length()) : uri;
  }
}
