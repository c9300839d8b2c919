package org.brickbox.pipeline.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.io.records.OperationLogRecord.Status;
import org.junit.jupiter.api.Test;

class OperationLogStatsTest {
  private static OperationLogRecord log(String ts, String op, String key, Status status, long ms) {
    return new OperationLogRecord(ts, "render", op, key, status, "w", Map.of(), ms, status == Status.FAILED ? "boom" : null);
  }

  private static final List<OperationLogRecord> LOGS = List.of(
      log("2026-01-01T00:00:01Z", "load_part", "3001", Status.OK, 4),
      log("2026-01-01T00:00:02Z", "render_view", "3001/c4/v00", Status.OK, 10),
      log("2026-01-01T00:00:03Z", "render_view", "3001/c4/v01", Status.OK, 20),
      log("2026-01-01T00:00:04Z", "render_view", "3001/c4/v02", Status.FAILED, 30),
      log("2026-01-01T00:00:05Z", "render_view", "3001/c4/v03", Status.OK, 40));

  @Test
  void countsPercentilesErrorRateAndSlowestKeys() {
    OperationLogStats stats = OperationLogStats.of(LOGS, OperationLogStats.Filter.ALL, 2);
    assertEquals(5, stats.records());
    assertEquals(0.2, stats.errorRate(), 1e-9);
    assertEquals(Map.of("OK", 3L, "FAILED", 1L), stats.countsByOperation().get("render_view"));
    assertEquals(new OperationLogStats.Durations(4, 20, 40, 40), stats.durationsByOperation().get("render_view"));
    assertEquals(List.of("3001/c4/v03", "3001/c4/v02"), stats.slowest().stream().map(OperationLogRecord::key).toList());
  }

  @Test
  void filtersByOperationStatusAndTime() {
    assertEquals(4, OperationLogStats.of(LOGS,
        new OperationLogStats.Filter("render_view", null, null, null), 10).records());
    assertEquals(1, OperationLogStats.of(LOGS,
        new OperationLogStats.Filter(null, Status.FAILED, null, null), 10).records());
    assertEquals(2, OperationLogStats.of(LOGS,
        new OperationLogStats.Filter(null, null, "2026-01-01T00:00:02Z", "2026-01-01T00:00:04Z"), 10).records());
  }

  @Test
  void noRecordsMeansNoErrors() {
    OperationLogStats stats = OperationLogStats.of(List.of(), OperationLogStats.Filter.ALL, 10);
    assertEquals(0, stats.records());
    assertEquals(0.0, stats.errorRate());
  }
}
