package org.brickbox.pipeline.rebuild;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.manifest.RunHistory;
import org.brickbox.io.records.Hashes;
import org.brickbox.pipeline.RunPlan;
import org.brickbox.pipeline.manifest.WriteManifestFn;
import org.brickbox.stages.embed.VectorJournal;
import org.brickbox.stages.render.RenderJournal;

/**
 * The launcher's side of a rebuild, around the graph: before it, record an interrupted run, keep images about to
 * be replaced, delete images of keys no longer planned and mark the run as running; after it, delete shard files
 * the new shard count no longer writes and the journals; or, when nothing changed, finish the run without a
 * graph.
 */
public final class RebuildOutputs {
  /** Where the image a rebuild replaced is kept, under the same relative path. */
  public static final String PREVIOUS_DIR = "previous";

  private RebuildOutputs() {}

  public static void prepare(RunPlan plan) throws IOException {
    String out = plan.run().outputDir();
    RebuildPlan rebuild = plan.rebuild();
    if (rebuild.interruptedRun() != null) {
      // The killed run never reached its final combine: its history entry says so, for the failure rule too.
      RunHistory.append(out, rebuild.interruptedRun().withError("interrupted: the run stopped before it finished;"
          + " run " + plan.run().runId() + " resumed it"));
    }
    for (Map.Entry<String, String> image : rebuild.replacedImages().entrySet()) {
      ResourceId current = OutputFiles.resolve(out, image.getKey());
      byte[] bytes = OutputFiles.read(current);
      // Only the image the previous record describes; one a killed run already replaced is not "previous".
      if (Hashes.sha256Hex(bytes).equals(image.getValue())) {
        OutputFiles.writeAtomically(OutputFiles.resolve(out, PREVIOUS_DIR + "/" + image.getKey()), bytes,
            "application/octet-stream");
      }
    }
    delete(out, rebuild.staleFiles());
    runningManifest(plan).write(out);
  }

  /**
   * After a finished graph: shard files of the previous run that this run's shard counts did not rewrite, and the
   * render and embed journals, whose records and vectors the new shards now hold.
   */
  public static void removeStaleShards(RunPlan plan) throws IOException {
    List<ResourceId> stale = new ArrayList<>();
    for (String uri : plan.rebuild().staleShards()) stale.add(FileSystems.matchNewResource(uri, false));
    FileSystems.delete(stale, StandardMoveOptions.IGNORE_MISSING_FILES);
    clearJournals(plan.run().outputDir());
  }

  /** Deletes the render and embed journals: the shards in {@code out} hold every record and vector they described. */
  public static void clearJournals(String out) throws IOException {
    RenderJournal.clear(out);
    VectorJournal.clear(out);
  }

  /** Nothing changed: the previous run's outputs stand; this run only records that, with fresh triggers. */
  public static Manifest unchanged(RunPlan plan) {
    Manifest last = plan.rebuild().previousRun();
    List<Manifest.StageEntry> stages = last.stages().stream()
        .map(s -> new Manifest.StageEntry(s.name(), s.status(), s.version(), null)).toList();
    Map<String, Map<String, Object>> sections = new TreeMap<>(last.sections() == null ? Map.of() : last.sections());
    sections.remove("triggers");
    return new Manifest(Manifest.FORMAT_VERSION, plan.run().runId(), Instant.now().toString(), last.status(),
        last.nextStage(), plan.run().versions(), plan.run().ldraw(), plan.run().options(), plan.run().optionsHash(),
        stages, plan.run().plannedCounts(), last.outputHashes(), sections, null)
        .withSection(RebuildReport.SECTION, plan.rebuild().report());
  }

  /** What {@code manifest.json} says while the graph runs: the stages in it running, the first one next. */
  static Manifest runningManifest(RunPlan plan) {
    Manifest m = WriteManifestFn.build(plan.run(), Map.of(), Map.of(), Map.of(), Instant.now().toString());
    List<Manifest.StageEntry> stages = m.stages().stream()
        .map(s -> s.status().equals("pending") ? s : new Manifest.StageEntry(s.name(), "running", s.version(), null))
        .toList();
    return new Manifest(m.formatVersion(), m.runId(), m.createdAt(), "running", stages.get(0).name(), m.versions(),
        m.ldraw(), m.options(), m.optionsHash(), stages, m.counts(), Map.of(), null, null)
        .withSection(RebuildReport.SECTION, plan.rebuild().report());
  }

  private static void delete(String out, List<String> relativePaths) throws IOException {
    List<ResourceId> files = new ArrayList<>();
    for (String path : relativePaths) files.add(OutputFiles.resolve(out, path));
    FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
  }
}
