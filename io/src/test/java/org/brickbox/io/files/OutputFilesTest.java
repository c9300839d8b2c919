package org.brickbox.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

  @Test
  void sweepsTemporariesAtEveryDepthAndKeepsOutputs(@TempDir Path out) throws Exception {
    OutputFiles.writeAtomically(OutputFiles.resolve(out.toString(), "images/3001/c4/v00.png"), new byte[] {1}, "image/png");
    Files.write(out.resolve("images/3001/c4/.tmp-1-v01.png"), new byte[] {2});
    Files.write(out.resolve(".tmp-2-failures.jsonl"), new byte[] {3});

    assertEquals(2, OutputFiles.deleteTemporaries(out.toString()));
    try (Stream<Path> files = Files.walk(out)) {
      assertEquals(1, files.filter(Files::isRegularFile).count());
    }
    assertTrue(Files.exists(out.resolve("images/3001/c4/v00.png")));
    assertEquals(0, OutputFiles.deleteTemporaries(out.toString()));
  }
}
