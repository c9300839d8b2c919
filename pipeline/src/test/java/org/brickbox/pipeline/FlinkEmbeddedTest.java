package org.brickbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import org.brickbox.io.ldraw.LDrawException;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.manifest.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same graph on Flink's embedded MiniCluster writes exactly what the DirectRunner writes. */
class FlinkEmbeddedTest {

  @Test
  void flinkLocalRunMatchesDirectRunnerByteForByte(@TempDir Path direct, @TempDir Path flink) {
    Path library;
    try {
      library = LDrawLibrary.locate(null);
    } catch (LDrawException e) {
      assumeTrue(false, "LDraw library not installed (run ./brickbox setup)");
      return;
    }
    String[] common = {"--ldrawDir=" + library, "--parts=3001,3040b,6141,nosuchpart", "--views=4",
        "--imageSize=96"};
    PipelineRuns.run(concat(common, "--out=" + direct));
    Manifest onFlink = PipelineRuns.run(concat(common, "--out=" + flink, "--runner=FlinkRunner",
        "--flinkMaster=[local]", "--parallelism=2"));

    assertEquals("FlinkRunner", onFlink.versions().get("runner"));
    assertEquals(12L, onFlink.counts().get("render.render_view.ok"));
    Map<String, byte[]> expected = RenderPipelineTest.withoutLogsAndManifest(PipelineRuns.files(direct));
    Map<String, byte[]> actual = RenderPipelineTest.withoutLogsAndManifest(PipelineRuns.files(flink));
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
  }

  private static String[] concat(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
