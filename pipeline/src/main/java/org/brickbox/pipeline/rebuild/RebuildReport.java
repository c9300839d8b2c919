package org.brickbox.pipeline.rebuild;

import java.util.List;

/**
 * The manifest's {@code rebuild} section: whether the run was incremental, what it kept from the previous run and
 * what it redid, and why.
 *
 * @param renderKeys planned keys, those unchanged (kept, not rendered) and those rendered
 * @param embedded images sent to the embedding model
 * @param reusedVectors vectors carried from the previous run (same key inputs, same model version)
 * @param removedKeys keys of the previous run no longer planned, whose images were deleted
 * @param resumed the previous run into this output was interrupted and this run completed its work
 * @param shortCircuit nothing changed: the graph was not run and the outputs are the previous run's
 * @param corruptFiles files of the previous run that could not be read whole (not trusted; their work redone)
 */
public record RebuildReport(boolean incremental, String previousRunId, RenderKeys renderKeys, long embedded,
    long reusedVectors, long removedKeys, boolean resumed, boolean shortCircuit, String reason,
    List<String> corruptFiles) {
  public static final String SECTION = "rebuild";

  public record RenderKeys(long planned, long unchanged, long rendered) {}
}
