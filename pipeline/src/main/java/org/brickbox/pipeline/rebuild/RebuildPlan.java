package org.brickbox.pipeline.rebuild;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.stages.render.RenderTask;

/**
 * What a run redoes and what it keeps from the run before it in the same output, decided on the launcher.
 *
 * @param tasks the render work: every view whose inputs changed (all views when not incremental)
 * @param carriedKeys unchanged keys: their images stay, their records are carried into the new record shards
 * @param reusedVectorKeys carried keys whose vectors are carried too (same model spec and version)
 * @param carriedRecordSources the files to carry records from, each with the carried keys it supplies: every
 *     record shard supplies the keys not taken from the render journal, each journal file its own
 * @param reusedVectorSources the vector index files (each beside its .npy) to carry vectors from, each with the
 *     reused keys it supplies: every vector shard supplies those not taken from the embed journal
 * @param earlierVerdictSources the QA verdict files of the last finished run, each with the keys whose measurement QA
 *     may reuse (kept from the record shards, measured under the same QA version; QA checks each is of the same
 *     image and mask bytes); empty when QA measures every image
 * @param replacedImages images about to be re-rendered in place → the SHA-256 their previous record gives them;
 *     each is copied to {@code previous/<path>} first when the file still has those bytes
 * @param staleFiles images and masks of keys no longer planned, to delete
 * @param staleShards shard files of the previous run this run's shard counts do not rewrite, and the photo
 *     references (with their crops) of a run with {@code --photos} when this one has none; deleted after the graph
 *     has read them
 * @param previousRun the last finished run (history), or null
 * @param interruptedRun the manifest of a run that was killed part-way ("running"), or null
 */
public record RebuildPlan(
    boolean incremental,
    List<RenderTask> tasks,
    Set<String> carriedKeys,
    Set<String> reusedVectorKeys,
    Map<String, Set<String>> carriedRecordSources,
    Map<String, Set<String>> reusedVectorSources,
    Map<String, Set<String>> earlierVerdictSources,
    Map<String, String> replacedImages,
    List<String> staleFiles,
    List<String> staleShards,
    long removedKeys,
    long plannedKeys,
    long renderKeys,
    long embedImages,
    boolean shortCircuit,
    Manifest previousRun,
    Manifest interruptedRun,
    String reason,
    List<String> corruptFiles) {

  /** The manifest's {@code rebuild} section for this plan. */
  public RebuildReport report() {
    return new RebuildReport(incremental, previousRun == null ? null : previousRun.runId(),
        new RebuildReport.RenderKeys(plannedKeys, carriedKeys.size(), renderKeys), embedImages,
        reusedVectorKeys.size(), removedKeys, interruptedRun != null, shortCircuit, reason, corruptFiles);
  }
}
