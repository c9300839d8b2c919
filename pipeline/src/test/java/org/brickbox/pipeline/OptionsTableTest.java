package org.brickbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's option table is the one the options interfaces generate. */
class OptionsTableTest {

  @Test
  void readmeListsEveryOptionAsTheCodeDeclaresIt() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertEquals(OptionsTable.withTable(readme), readme, "README's options table is out of date; regenerate it with "
        + "java -cp runners/target/brickbox-all.jar org.brickbox.pipeline.OptionsTable README.md");
  }

  @Test
  void theTableHasARowPerOptionWithItsDefault() {
    String table = OptionsTable.markdown();
    assertTrue(table.contains("| `--imageSize` | `224` | Image width and height in pixels (64-1024). |"), table);
    assertTrue(table.contains("| `--progress` | `auto` |"), table);
    assertTrue(table.contains("| `--parts` | (none) |"), table);
    long rows = table.lines().filter(l -> l.startsWith("| `--")).count();
    long getters = java.util.Arrays.stream(BrickBoxOptions.class.getDeclaredMethods())
        .filter(m -> m.getName().startsWith("get")).count()
        + java.util.Arrays.stream(org.brickbox.pipeline.progress.ProgressOptions.class.getDeclaredMethods())
        .filter(m -> m.getName().startsWith("get")).count()
        + java.util.Arrays.stream(org.brickbox.pipeline.store.StoreOptions.class.getDeclaredMethods())
        .filter(m -> m.getName().startsWith("get")).count()
        + java.util.Arrays.stream(org.brickbox.beam.LiveProgress.Options.class.getDeclaredMethods())
        .filter(m -> m.getName().startsWith("get")).count();
    assertEquals(getters, rows, "one row per option");
  }
}
