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

  /**
   * Lines are read a buffer at a time: the same lines as reading the whole text, whatever the line ends, however
   * long a line, wherever a multi-byte character falls against the buffer; blank lines are skipped.
   */
  @Test
  void readsEachNonBlankLineAsTheWholeTextWouldSplitIt(@TempDir Path out) throws Exception {
    StringBuilder text = new StringBuilder();
    java.util.List<String> expected = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 2_000; i++) {
      int length = i == 500 ? 300_000 : random.nextInt(200);
      StringBuilder line = new StringBuilder("{\"key\":\"" + i + "\",\"note\":\"");
      for (int c = 0; c < length; c++) line.append(c % 7 == 0 ? "ß€🧱" : "a");
      line.append("\"}");
      expected.add(line.toString());
      text.append(line).append(i % 3 == 0 ? "\r\n" : "\n");
      if (i % 100 == 0) text.append("\n  \n");
    }
    Path file = out.resolve("logs.jsonl");
    Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);

    java.util.List<String> read = new java.util.ArrayList<>();
    OutputFiles.forEachLine(OutputFiles.resolve(out.toString(), "logs.jsonl"), read::add);

    assertEquals(expected.size(), read.size());
    assertEquals(expected, read);
  }
}
