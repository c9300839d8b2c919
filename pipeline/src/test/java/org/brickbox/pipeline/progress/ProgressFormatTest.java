package org.brickbox.pipeline.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressFormatTest {

  @Test
  void barShowsCountsShareRateAndEta() {
    // 120 of 480 in 10 s: 12/s, 360 left → 30 s.
    StageProgress p = new StageProgress("render", 120, 0, 480, 10);
    assertEquals("render  [======>                 ]       120/480   25%    12.0/s  ETA 0:30", ProgressFormat.bar(p));
  }

  @Test
  void barMarksFailuresAndCompletion() {
    StageProgress p = new StageProgress("embed", 480, 3, 480, 4);
    assertEquals("embed   [========================]       480/480  100%     120/s  ETA done     3 failed",
        ProgressFormat.bar(p));
  }

  @Test
  void etaIsUnknownBeforeTheFirstUnit() {
    StageProgress p = new StageProgress("embed", 0, 0, 480, 0);
    assertEquals(-1, p.etaSeconds());
    assertEquals("progress 1:05  embed 0/480 0% 0.0/s ETA --:--", ProgressFormat.logLine(List.of(p), 65));
  }

  @Test
  void logLineJoinsStages() {
    assertEquals("progress 0:42  render 100/200 50% 10.0/s ETA 0:10; embed 20/200 10% 4.0/s ETA 0:45",
        ProgressFormat.logLine(List.of(new StageProgress("render", 100, 0, 200, 10),
            new StageProgress("embed", 20, 0, 200, 5)), 41.2));
  }

  @Test
  void clockRoundsUpAndShowsHours() {
    assertEquals("0:01", ProgressFormat.clock(0.2));
    assertEquals("12:34", ProgressFormat.clock(754));
    assertEquals("1:02:03", ProgressFormat.clock(3723));
  }

  @Test
  void morePlannedThanDoneNeverOverflowsTheBar() {
    StageProgress p = new StageProgress("render", 500, 0, 480, 1);
    assertEquals(1.0, p.fraction());
    assertEquals(0, p.etaSeconds());
  }

  @Test
  void modeAutoFollowsTheTerminal() {
    assertEquals(ProgressMonitor.Mode.BAR, ProgressMonitor.mode("auto", true));
    assertEquals(ProgressMonitor.Mode.LOG, ProgressMonitor.mode("auto", false));
    assertEquals(ProgressMonitor.Mode.OFF, ProgressMonitor.mode("OFF", true));
    assertThrows(IllegalArgumentException.class, () -> ProgressMonitor.mode("fancy", true));
  }

  /** A rebuild that kept every image renders none: its render stage is done from the start, not at 0 %. */
  @Test
  void aStageWithNothingToDoIsDone() {
    StageProgress p = new StageProgress("render", 0, 0, 0, 0);
    assertEquals("progress 0:03  render 0/0 100% 0.0/s ETA done",
        ProgressFormat.logLine(List.of(p), 2.5));
  }
}
