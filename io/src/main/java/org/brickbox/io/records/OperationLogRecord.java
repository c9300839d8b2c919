package org.brickbox.io.records;

import java.io.Serializable;
import java.util.Map;

/**
 * One line of {@code operation_logs.jsonl}: what a stage did with one element (or batch), how long it took and
 * how it ended. {@code key} names the element (render key, part id, batch id) so logs can be joined to outputs.
 */
public record OperationLogRecord(
    String timestamp,
    String stage,
    String operation,
    String key,
    Status status,
    String worker,
    Map<String, Object> metadata,
    long durationMs,
    String error)
    implements Serializable {

  public enum Status {
    OK,
    WARNING,
    FAILED,
    SKIPPED
  }
}
