package org.brickbox.io.files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir Path tmp;

  @Test
  void deletesTheTreeAndLeavesItsSiblings() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/deep.txt"), "x");
    Files.writeString(root.resolve("top.txt"), "y");
    Path sibling = Files.writeString(tmp.resolve("sibling.txt"), "z");
    FileTrees.delete(root);
    assertFalse(Files.exists(root));
    assertTrue(Files.exists(sibling));
  }

  @Test
  void anAbsentTreeIsNothingToDo() throws Exception {
    FileTrees.delete(tmp.resolve("never-made"));
    assertTrue(Files.isDirectory(tmp));
  }
}
