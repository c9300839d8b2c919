package org.brickbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.brickbox.io.manifest.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same graph, render and embed, on Flink's embedded MiniCluster writes what the DirectRunner writes: every file
 * byte for byte, embedding matrices included (see {@link PipelineRuns#assertSameOutputs}).
 */
class FlinkEmbeddedTest {

  @Test
  void flinkLocalRunMatchesDirectRunnerByteForByte(@TempDir Path direct, @TempDir Path flink) {
    Path library = PipelineRuns.installedLibrary();
    String[] common = {"--ldrawDir=" + library, "--parts=3001,3040b,6141,nosuchpart", "--views=4",
        "--imageSize=96"};
    PipelineRuns.run(concat(common, "--out=" + direct));
    Manifest onFlink = PipelineRuns.run(concat(common, "--out=" + flink, "--runner=FlinkRunner",
        "--flinkMaster=[local]", "--parallelism=2"));

    assertEquals("FlinkRunner", onFlink.versions().get("runner"));
    assertEquals(12L, onFlink.counts().get("render.render_view.ok"));
    Map<String, byte[]> expected = PipelineRuns.withoutPerRunFiles(PipelineRuns.files(direct));
    Map<String, byte[]> actual = PipelineRuns.withoutPerRunFiles(PipelineRuns.files(flink));
    PipelineRuns.assertSameOutputs(expected, actual);
    long vectors = actual.entrySet().stream().filter(e -> e.getKey().startsWith("embeddings/") && e.getKey().endsWith(".jsonl"))
        .mapToLong(e -> new String(e.getValue(), java.nio.charset.StandardCharsets.UTF_8).lines().count()).sum();
    assertEquals(12L, vectors, "every rendered view has a vector");
    assertEquals("completed", onFlink.stages().get(1).status());
    assertEquals("completed", onFlink.stages().get(2).status(), "fuse");
    assertTrue(actual.containsKey("index/index.json"), "the index is an output like any other");
    assertFalse(java.nio.file.Files.exists(flink.resolve("progress")), "the workers' live-progress files are removed");
  }

  private static String[] concat(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
