package org.brickbox.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.io.records.OperationLogRecord.Status;
import org.junit.jupiter.api.Test;

/** Who did the work: the JVM and the task, named briefly enough to repeat in every record. */
class OperationLogsTest {
  @Test
  void aFlinkChainIsNamedByItsLastStepAndSubtask() {
    assertEquals("render/RenderViews (2/2)#0", OperationLogs.taskName("CHAIN GroupReduce (GroupReduce at "
        + "translateNode(FlinkBatchTransformTranslators.java:421)) -> FlatMap (FlatMap at render/SpreadTasks/Values/"
        + "Values/Map/ParMultiDo(Anonymous)) -> FlatMap (FlatMap at render/RenderViews) (2/2)#0"));
    assertEquals("qa/GroupByPart/ConstructCoGbkResultFn/ParMultiDo(ConstructCoGbkResult) (1/2)#0",
        OperationLogs.taskName("CHAIN GroupReduce (GroupReduce at qa/GroupByPart/GBK) -> FlatMap (FlatMap at "
            + "qa/GroupByPart/ConstructCoGbkResultFn/ParMultiDo(ConstructCoGbkResult)) (1/2)#0"));
    assertEquals("fuse/ViewCues (1/2)#0", OperationLogs.taskName("FlatMap (FlatMap at fuse/ViewCues) (1/2)#0"));
    assertEquals("fuse/ViewCues (1/2)", OperationLogs.taskName("FlatMap (FlatMap at fuse/ViewCues) (1/2)"));
  }

  @Test
  void otherThreadNamesStayWhole() {
    for (String name : new String[] {"main", "direct-runner-worker", "pool-3-thread-1", "FlatMap (FlatMap at x)"}) {
      assertEquals(name, OperationLogs.taskName(name));
    }
  }

  @Test
  void aRecordNamesTheJvmAndTheThread() {
    String thread = Thread.currentThread().getName();
    OperationLogRecord r = OperationLogs.record("render", "render_view", "3001/c4/v0", Status.OK, System.nanoTime(),
        Map.of(), null);
    assertTrue(r.worker().matches("\\d+:[^/]+/" + java.util.regex.Pattern.quote(thread)), r.worker());
    assertTrue(r.durationMs() >= 0);
  }
}
