package org.brickbox.pipeline.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.brickbox.io.db.StoreRow;
import org.brickbox.io.db.StoreTable;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.qa.QaRecord;
import org.junit.jupiter.api.Test;

/** Record → row mappings that the pipeline tests do not reach: QA records and log row ids. */
class StoreRowsTest {
  @Test
  void qaRecordsBecomeQaMetricsRows() {
    StoreRow row = StoreRows.qaMetrics("run-1", new QaRecord("3001/c4/v0", "3001", 4, 0, "images/3001/c4/v0.png",
        false, List.of("low_contrast", "cropped"), Map.of("sharpness", 0.25), "ff00", null, null,
        null, null));
    assertEquals(StoreTable.QA_METRICS, row.table());
    assertEquals("3001/c4/v0", row.values().get(0));
    assertEquals(false, row.values().get(2));
    assertArrayEquals(new String[] {"low_contrast", "cropped"}, (String[]) row.values().get(3));
    assertEquals("{\"sharpness\":0.25}", row.values().get(4));
  }

  @Test
  void logRowIdsRepeatForARetryAndDifferForARerun() {
    OperationLogRecord log = new OperationLogRecord("2026-11-27T08:00:00Z", "render", "render_view", "3001/c4/v0",
        OperationLogRecord.Status.OK, "host:1/main", Map.of("views", 8), 12, null);
    assertEquals(StoreRows.log("run-1", log), StoreRows.log("run-1", log));
    assertNotEquals(StoreRows.log("run-1", log).values().get(0), StoreRows.log("run-2", log).values().get(0));
  }
}
