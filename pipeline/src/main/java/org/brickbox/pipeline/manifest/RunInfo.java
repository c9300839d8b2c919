package org.brickbox.pipeline.manifest;

import java.io.Serializable;
import java.util.Map;

/**
 * What the graph knows about a run when it is built: identity, versions, library, options, and the counts
 * planned before any work (parts selected, render keys). Serializable so the final DoFn can carry it.
 */
public record RunInfo(
    String runId,
    String outputDir,
    Map<String, String> versions,
    Map<String, String> stageVersions,
    Map<String, Object> ldraw,
    Map<String, Object> options,
    String optionsHash,
    Map<String, Long> plannedCounts)
    implements Serializable {}
