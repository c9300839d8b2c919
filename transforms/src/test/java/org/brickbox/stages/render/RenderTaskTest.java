package org.brickbox.stages.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RenderTaskTest {
  @Test
  void tasksCoverEveryViewOnceWithARemainder() {
    assertEquals(List.of(new RenderTask("3001", 0, 8), new RenderTask("3001", 8, 8), new RenderTask("3001", 16, 4)),
        RenderTask.split("3001", 20, 8));
    assertEquals(List.of(new RenderTask("3001", 0, 3)), RenderTask.split("3001", 3, 8));
    assertEquals(24, RenderTask.split("3001", 24, 1).size());
  }

  @Test
  void onlyTheFirstTaskReportsThePart() {
    List<RenderTask> tasks = RenderTask.split("3001", 24, 8);
    assertEquals(List.of(true, false, false), tasks.stream().map(RenderTask::reportsPart).toList());
  }

  @Test
  void aTaskNeedsAtLeastOneView() {
    assertThrows(IllegalArgumentException.class, () -> RenderTask.split("3001", 24, 0));
  }

  @Test
  void coverSplitsOnlyTheGivenViewsIntoConsecutiveRuns() {
    assertEquals(List.of(new RenderTask("3001", 2, 2), new RenderTask("3001", 4, 1), new RenderTask("3001", 9, 2),
        new RenderTask("3001", 20, 1)), RenderTask.cover("3001", List.of(2, 3, 4, 9, 10, 20), 2));
    assertEquals(List.of(), RenderTask.cover("3001", List.of(), 8));
  }
}
