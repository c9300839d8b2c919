package org.brickbox.io.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs are appended with the next free number and read back newest last. */
class RunHistoryTest {
  private static Manifest run(String id) {
    return new Manifest(1, id, "t", "completed", null, Map.of(), Map.of(), Map.of(), "h", List.of(), Map.of(),
        Map.of(), null, null);
  }

  @Test
  void entriesAreNumberedAfterTheHighestAndTheLastNAreReadOldestFirst(@TempDir Path out) throws Exception {
    assertTrue(RunHistory.recent(out.toString(), 5).isEmpty(), "no history yet");
    assertEquals(1, RunHistory.append(out.toString(), run("a")));
    assertEquals(2, RunHistory.append(out.toString(), run("b")));
    Files.move(out.resolve("history/0002-manifest.json"), out.resolve("history/0041-manifest.json"));
    Files.writeString(out.resolve("history/notes.txt"), "not an entry");
    assertEquals(42, RunHistory.append(out.toString(), run("c")));
    assertEquals(List.of("b", "c"), RunHistory.recent(out.toString(), 2).stream().map(Manifest::runId).toList());
    assertEquals(List.of("a", "b", "c"), RunHistory.recent(out.toString(), 9).stream().map(Manifest::runId).toList());
    assertTrue(Files.isRegularFile(out.resolve("history/0042-manifest.json")));
  }
}
