package org.brickbox.pipeline.rebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreviousOutputsTest {
  @Test
  void aManifestNamesOnlyFilesInsideTheOutput() {
    for (String name : List.of("records/renders-00000-of-00004.jsonl", "qa/metrics.jsonl", "index/hnsw/_0.vex",
        "embeddings/vectors-00001-of-00004.npy")) {
      assertTrue(PreviousOutputs.isOutputPath(name), name);
    }
    for (String name : List.of("", "/etc/passwd", "../out/manifest.json", "qa/../../x.jsonl", "qa/./metrics.jsonl",
        "records//renders.jsonl", "gs://bucket/x", "a:b", "qa/metrics.jsonl\n", "C:\\x", "qa/metrics.jsonl/")) {
      assertFalse(PreviousOutputs.isOutputPath(name), name);
    }
  }

  /** A history entry naming a file outside the output is reported as damaged; the file is never opened or hashed. */
  @Test
  void aHistoryNamingAFileOutsideTheOutputIsReported(@TempDir Path dir) throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("secret.jsonl"), "{}\n");
    Files.createDirectories(out.resolve("history"));
    Files.writeString(out.resolve("history/0001-manifest.json"), """
        {"formatVersion":1,"runId":"run-1","createdAt":"2026-12-01T00:00:00Z","status":"completed","nextStage":"fuse",
        "versions":{},"ldraw":{},"options":{},"optionsHash":"o","stages":[],"counts":{},
        "outputHashes":{"../secret.jsonl":"00"},"sections":{}}
        """.replace("\n", ""));
    PreviousOutputs previous = PreviousOutputs.read(out.toString());
    assertEquals(List.of("history/ (newest entry): names \"../secret.jsonl\", not a file an output holds"),
        previous.corrupt());
    assertTrue(previous.unfinished());
  }
}
