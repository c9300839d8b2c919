package org.brickbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.pipeline.rebuild.RebuildReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real graph with {@code --out=s3://bucket/prefix} on a real S3-compatible server: every output lands as an
 * object with the same bytes as a local run, the embed stage reads its images back from the bucket, and a rerun
 * overwrites objects by key.
 */
class ObjectStorePipelineTest {
  private static final String BUCKET = "brickbox-test";
  private static Path library;
  private static S3Server s3;

  @BeforeAll
  static void start(@TempDir Path work) throws Exception {
    library = PipelineRuns.installedLibrary();
    s3 = S3Server.start(work);
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() {
    if (s3 != null) s3.close();
  }

  private static Manifest run(String out, boolean toS3, String... extra) {
    List<String> args = new ArrayList<>(List.of(extra));
    for (String option : List.of("--ldrawDir=" + library, "--out=" + out, "--parts=3001,3023", "--views=3",
        "--imageSize=64", "--vectorShards=1", "--embedBatchKeys=1")) {
      String name = option.substring(0, option.indexOf('=') + 1);
      if (args.stream().noneMatch(a -> a.startsWith(name))) args.add(option);
    }
    if (toS3) args.addAll(s3.options());
    return PipelineRuns.run(args.toArray(String[]::new));
  }

  @Test
  void writesTheSameOutputsAsALocalRunAndRerunsOverwriteByKey(@TempDir Path local) {
    Manifest localRun = run(local.toString(), false);
    Manifest s3Run = run("s3://" + BUCKET + "/runs/a", true);
    assertEquals(localRun.status(), s3Run.status());
    assertEquals(comparableHashes(localRun), comparableHashes(s3Run), "records and key index hashed from the bucket");

    Map<String, byte[]> expected = comparable(PipelineRuns.files(local));
    Map<String, byte[]> objects = s3.objects(BUCKET, "runs/a/");
    assertTrue(objects.keySet().stream().anyMatch(k -> k.startsWith("embeddings/")), "embed read images from S3");
    PipelineRuns.assertSameOutputs(expected, comparable(objects));
    String manifest = new String(objects.get("manifest.json"), StandardCharsets.UTF_8);
    assertTrue(manifest.contains(s3Run.runId()));
    assertFalse(manifest.contains(S3Server.SECRET_KEY), "credentials are not in the manifest");

    // A full rerun replaces what is there: a damaged image comes back with the right bytes, nothing else is added.
    String image = expected.keySet().stream().filter(k -> k.endsWith(".png")).findFirst().orElseThrow();
    s3.put(BUCKET, "runs/a/" + image, "damaged".getBytes(StandardCharsets.UTF_8));
    run("s3://" + BUCKET + "/runs/a", true, "--incremental=false");
    Map<String, byte[]> rerun = s3.objects(BUCKET, "runs/a/");
    assertEquals(comparable(objects).keySet(), comparable(rerun).keySet(), "same keys, no temporaries left");
    assertEquals(0, rerun.keySet().stream().filter(k -> k.contains(".tmp-")).count());
    assertArrayEquals(expected.get(image), rerun.get(image));
    PipelineRuns.assertSameOutputs(expected, comparable(rerun));
  }

  @Test
  void statusLogsReportAndIncrementalRebuildsWorkOnTheBucket() {
    String out = "s3://" + BUCKET + "/runs/b";
    run(out, true);
    Manifest again = run(out, true);
    RebuildReport nothing = again.section(RebuildReport.SECTION, RebuildReport.class);
    assertTrue(nothing.shortCircuit(), "the previous run read back from the bucket: " + nothing.reason());
    Manifest more = run(out, true, "--parts=3001,3023,3024");
    RebuildReport added = more.section(RebuildReport.SECTION, RebuildReport.class);
    assertEquals(new RebuildReport.RenderKeys(9, 6, 3), added.renderKeys(), added.reason());

    List<String> store = s3.options();
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    org.brickbox.pipeline.cli.BrickBoxCli cli = new org.brickbox.pipeline.cli.BrickBoxCli(
        new java.io.PrintStream(printed, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(errors, true, StandardCharsets.UTF_8));
    for (String command : List.of("status", "logs", "report")) {
      List<String> args = new ArrayList<>(List.of(command, "--out=" + out));
      args.addAll(store);
      assertEquals(0, cli.execute(args.toArray(String[]::new)), command + ": " + errors);
    }
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("run " + more.runId()), text);
    assertTrue(text.contains("render_view"), "logs counted the operation log from the bucket: " + text);
    assertTrue(s3.objects(BUCKET, "runs/b/").containsKey("report.html"));
  }

  private static Map<String, String> comparableHashes(Manifest m) {
    Map<String, String> hashes = new TreeMap<>(m.outputHashes());
    hashes.keySet().removeIf(k -> PipelineRuns.PER_RUN_FILES.contains(k) || k.startsWith("history/"));
    return hashes;
  }

  /** Outputs that depend only on inputs (not on the run's id, time or location). */
  private static Map<String, byte[]> comparable(Map<String, byte[]> files) {
    return PipelineRuns.withoutPerRunFiles(files);
  }
}
