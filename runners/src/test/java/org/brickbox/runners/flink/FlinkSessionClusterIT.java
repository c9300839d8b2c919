package org.brickbox.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.brickbox.beam.LiveProgress;
import org.brickbox.io.records.JsonLines;
import org.brickbox.pipeline.PipelineRuns;
import org.brickbox.render.CommonParts;
import org.brickbox.stages.render.RenderRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar submitted to a real Flink session cluster (separate JobManager and TaskManager JVMs) writes
 * exactly what the DirectRunner writes, runs again on the same TaskManager (native libraries loaded once per JVM),
 * and survives losing its TaskManager while rendering and while embedding without missing or duplicated outputs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkSessionClusterIT {
  @RegisterExtension
  static final SessionCluster CLUSTER = new SessionCluster(1, 2);

  @BeforeAll
  static void needsTheLibrary() {
    PipelineRuns.installedLibrary();
  }

  /** The jar a session cluster is sent: what its TaskManagers hold is left out (runners/pom.xml). */
  private static final Path LEAN_JAR = BrickBoxJob.JAR.resolveSibling("brickbox-job.jar");

  @Test
  @Order(0)
  void theClusterJobJarLeavesOutWhatTheClusterHoldsAndKeepsTheJob() throws IOException {
    assertTrue(Files.size(LEAN_JAR) <= 150_000_000L, "job jar " + Files.size(LEAN_JAR) + " bytes, target 150 MB");
    try (JarFile jar = new JarFile(LEAN_JAR.toFile())) {
      List<String> names = jar.stream().map(JarEntry::getName).toList();
      for (String heldByTheCluster : List.of("org/apache/flink/runtime/", "ai/djl/", "org/bytedeco/", "pytorch/")) {
        assertTrue(names.stream().noneMatch(n -> n.startsWith(heldByTheCluster)), heldByTheCluster);
      }
      for (String needed : List.of("org/brickbox/pipeline/cli/BrickBoxCli.class",
          "org/apache/beam/runners/flink/FlinkRunner.class", "org/apache/beam/sdk/Pipeline.class")) {
        assertTrue(names.contains(needed), needed);
      }
    }
    try (JarFile all = new JarFile(BrickBoxJob.JAR.toFile())) {
      assertTrue(all.stream().noneMatch(e -> e.getName().contains("/python/")), "no OpenCV Python binding");
      assertTrue(all.getEntry("org/apache/flink/runtime/minicluster/MiniCluster.class") != null,
          "the self-contained jar still runs Flink embedded");
    }
  }

  @Test
  @Order(1)
  void remoteRunsMatchTheDirectRunnerAndASecondJobReusesTheTaskManager(@TempDir Path dir) {
    List<String> options = List.of("--parts=3001,3040b,6141,nosuchpart", "--views=4", "--imageSize=96");
    BrickBoxJob.run(dir, dir.resolve("direct.log"), with(options, "--out=" + dir.resolve("direct")));
    String taskManager = onlyTaskManagerId();
    BrickBoxJob.run(dir, dir.resolve("flink.log"), with(options, "--out=" + dir.resolve("flink"),
        "--runner=FlinkRunner", "--flinkMaster=" + CLUSTER.master(), "--parallelism=2"));

    OutputTree flink = OutputTree.of(dir.resolve("flink"));
    flink.assertSameAs(OutputTree.of(dir.resolve("direct")));
    assertEquals(12, flink.count(".mask.png"), "3 parts x 4 views");
    assertTrue(new String(flink.files().get("failures.jsonl")).contains("nosuchpart"), "dead letter on Flink");
    String launch = flink.files().entrySet().stream().filter(f -> f.getKey().startsWith("logs/run-"))
        .map(f -> new String(f.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining());
    assertTrue(launch.contains("staging the job jar " + LEAN_JAR), "the lean jar was sent:\n" + launch);

    // A relative --out is made absolute on the launching side, where it means something.
    BrickBoxJob.run(dir, dir.resolve("second.log"), List.of("--parts=3023,3069b", "--views=2", "--imageSize=64",
        "--out=second", "--runner=FlinkRunner", "--flinkMaster=" + CLUSTER.master(), "--parallelism=2"));
    assertEquals(4, OutputTree.of(dir.resolve("second")).count(".mask.png"));
    assertEquals(taskManager, onlyTaskManagerId(), "both jobs ran in the same TaskManager JVM");
    assertEquals(List.of("FINISHED", "FINISHED"), jobStates());
  }

  /** Large enough that each stage still runs when the test sees it start. */
  private static final List<String> LARGE = List.of("--parts=" + String.join(",", CommonParts.IDS), "--views=36");
  private static final int LARGE_PLANNED = CommonParts.IDS.size() * 36;
  @TempDir static Path shared;

  /** The DirectRunner's output of {@link #LARGE}, made once for the tests that compare with it. */
  private static synchronized Path largeOnDirectRunner() {
    Path direct = shared.resolve("direct");
    if (!Files.isDirectory(direct)) {
      BrickBoxJob.run(shared, shared.resolve("direct.log"), with(LARGE, "--out=" + direct));
    }
    return direct;
  }

  @Test
  @Order(2)
  void aJobSurvivesALostTaskManagerWithNoMissingOrDuplicatedOutputs(@TempDir Path dir) {
    Path out = dir.resolve("flink");
    BrickBoxJob job = BrickBoxJob.start(dir, dir.resolve("flink.log"), with(LARGE, "--out=" + out,
        "--runner=FlinkRunner", "--flinkMaster=" + CLUSTER.master(), "--parallelism=2"));

    long seen = awaitImages(job, out, LARGE_PLANNED / 8);
    assertTrue(seen < LARGE_PLANNED, "the run finished before its TaskManager could be killed; make it larger");
    CLUSTER.killTaskManager(1);
    CLUSTER.addTaskManager();
    job.awaitSuccess();
    assertRecoveredLikeTheDirectRunner(out);
  }

  /**
   * Issue 18: a TaskManager lost while the embed stage runs (after every image was rendered, so its result
   * partitions are lost too). The launcher learns that embedding has started from the workers' live-progress files,
   * which are also what it shows while the job runs (issue 19): TaskManagers in other JVMs write them.
   */
  @Test
  @Order(3)
  void aJobSurvivesATaskManagerLostWhileEmbeddingAndShowsLiveProgress(@TempDir Path dir) {
    Path out = dir.resolve("flink");
    BrickBoxJob job = BrickBoxJob.start(dir, dir.resolve("flink.log"), with(LARGE, "--out=" + out,
        "--runner=FlinkRunner", "--flinkMaster=" + CLUSTER.master(), "--parallelism=2", "--progress=log",
        "--progressIntervalSeconds=1"));

    long embedded = awaitLiveCount(job, out, "embed/images_embedded");
    assertTrue(embedded < LARGE_PLANNED, "embedding ended before its TaskManager could be killed; make it larger");
    CLUSTER.killTaskManager(2); // the one test 2 added
    CLUSTER.addTaskManager();
    job.awaitSuccess();
    assertRecoveredLikeTheDirectRunner(out);
    java.util.regex.Pattern embedLine = java.util.regex.Pattern.compile("^progress .*embed (\\d+)/" + LARGE_PLANNED + " ");
    assertTrue(job.console().lines().map(embedLine::matcher).filter(java.util.regex.Matcher::find)
        .mapToLong(m -> Long.parseLong(m.group(1))).anyMatch(n -> n > 0 && n < LARGE_PLANNED),
        "a live progress line counted embedded images while the job ran:\n" + job.console());
    assertFalse(Files.exists(out.resolve("progress")), "the live-progress files are removed after the run");
  }

  private static void assertRecoveredLikeTheDirectRunner(Path out) {
    OutputTree flink = OutputTree.of(out);
    assertFalse(flink.files().keySet().stream().anyMatch(f -> f.contains(".tmp-")), "no temporary files left");
    flink.assertSameAs(OutputTree.of(largeOnDirectRunner()));
    List<RenderRecord> records = readRecords(out);
    assertEquals(LARGE_PLANNED, records.size(), "one record per planned render key");
    assertEquals(LARGE_PLANNED, records.stream().map(RenderRecord::key).distinct().count(), "no key twice");
    assertEquals(LARGE_PLANNED, flink.count(".mask.png"));
    JsonNode failures = CLUSTER.rest("/jobs/" + latestJobId() + "/exceptions").path("exceptionHistory")
        .path("entries");
    assertFalse(failures.isEmpty(), "the job saw its TaskManager fail and restarted");
  }

  /** Polls the workers' live-progress files until {@code counter} is above zero; returns its value then. */
  private static long awaitLiveCount(BrickBoxJob job, Path out, String counter) {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (job.isRunning() && System.nanoTime() < deadline) {
      try (var jobs = Files.list(out.resolve("progress"))) {
        for (Path folder : jobs.toList()) {
          long value = LiveProgress.read(folder.toString()).getOrDefault(counter, 0L);
          if (value > 0) return value;
        }
      } catch (IOException | RuntimeException notYet) {
        // no folder or file yet, or one being replaced: look again
      }
      sleep(Duration.ofMillis(100));
    }
    throw new AssertionError("no live count of " + counter + " appeared while the job ran:\n" + job.console());
  }

  /** Polls until {@code atLeast} images exist or the job ends; returns how many there were. */
  private static long awaitImages(BrickBoxJob job, Path out, long atLeast) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (job.isRunning() && System.nanoTime() < deadline) {
      long images = OutputTree.countWhileWritten(out, ".mask.png");
      if (images >= atLeast) return images;
      sleep(Duration.ofMillis(100));
    }
    throw new AssertionError("no " + atLeast + " images appeared while the job ran:\n" + job.console());
  }

  private static List<RenderRecord> readRecords(Path out) {
    try {
      return JsonLines.readAll(out.resolve("records"), "renders-", ".jsonl", RenderRecord.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String onlyTaskManagerId() {
    JsonNode taskManagers = CLUSTER.rest("/taskmanagers").path("taskmanagers");
    assertEquals(1, taskManagers.size(), "one TaskManager");
    return taskManagers.get(0).path("id").asText();
  }

  private static List<JsonNode> jobsByStart() {
    return StreamSupport.stream(CLUSTER.rest("/jobs/overview").path("jobs").spliterator(), false)
        .sorted(Comparator.comparingLong(j -> j.path("start-time").asLong())).toList();
  }

  private static List<String> jobStates() {
    return jobsByStart().stream().map(j -> j.path("state").asText()).collect(Collectors.toList());
  }

  private static String latestJobId() {
    List<JsonNode> jobs = jobsByStart();
    return jobs.get(jobs.size() - 1).path("jid").asText();
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
