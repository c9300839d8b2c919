package org.brickbox.io.manifest;

import java.io.Serializable;
import java.util.Map;

/**
 * What one stage did in a run, aggregated from its operation-log records: counts per operation and status,
 * and wall-clock extent. {@code status} is pending, running, completed or failed.
 */
public record StageSummary(
    String stage,
    String status,
    Map<String, Map<String, Long>> operations,
    long records,
    long failed,
    long warnings,
    String startedAt,
    String finishedAt,
    long busyMs,
    long maxMs)
    implements Serializable {}
