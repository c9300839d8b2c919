package org.brickbox.pipeline.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.brickbox.beam.LiveProgress;
import org.brickbox.beam.OperationLogs;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.pipeline.BrickBoxOptions;
import org.brickbox.pipeline.BrickBoxPipeline;
import org.brickbox.pipeline.PipelineRuns;
import org.brickbox.pipeline.RunPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's Beam metrics count exactly what its operation logs record, and progress reads them while it runs. */
class PipelineMetricsTest {

  @Test
  void countersAndDistributionsMatchTheOperationLogsAndProgressReachesThePlan(@TempDir Path out) throws Exception {
    Path library = PipelineRuns.installedLibrary();
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    BrickBoxOptions options = PipelineOptionsFactory.fromArgs("--ldrawDir=" + library, "--out=" + out,
        "--parts=3001,3023,nosuchpart", "--views=3", "--imageSize=64", "--progress=log").as(BrickBoxOptions.class);
    RunPlan plan = RunPlan.from(options);
    ProgressMonitor.letRunnerReturnEarly(options);
    Pipeline pipeline = Pipeline.create(options);
    BrickBoxPipeline.build(pipeline, plan);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    long started = System.nanoTime();
    PipelineResult result = pipeline.run();
    try (ProgressMonitor progress = ProgressMonitor.watch(result, started, options, List.of("render", "embed"),
        plan.run().plannedCounts(), new PrintStream(printed, true, StandardCharsets.UTF_8))) {
      assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    }

    Map<String, Long> logged = new TreeMap<>();
    Map<String, Long> durations = new TreeMap<>();
    for (String line : Files.readAllLines(out.resolve("operation_logs.jsonl"))) {
      OperationLogRecord r = Json.read(line, OperationLogRecord.class);
      logged.merge(r.stage() + "/" + OperationLogs.counterName(r.operation(), r.status()), 1L, Long::sum);
      durations.merge(r.stage() + "/" + OperationLogs.durationName(r.operation()), r.durationMs(), Long::sum);
    }
    assertTrue(logged.containsKey("render/select_part.failed") && logged.containsKey("embed/embed_batch.ok"), "" + logged);

    Map<String, Long> counted = new TreeMap<>();
    Map<String, Long> measured = new TreeMap<>();
    for (String stage : new java.util.TreeSet<>(logged.keySet().stream().map(k -> k.split("/")[0]).toList())) {
      var metrics = result.metrics().queryMetrics(MetricsFilter.builder()
          .addNameFilter(MetricNameFilter.inNamespace(OperationLogs.metricsNamespace(stage))).build());
      for (MetricResult<Long> c : metrics.getCounters()) {
        counted.merge(stage + "/" + c.getName().getName(), c.getCommitted(), Long::sum);
      }
      for (MetricResult<DistributionResult> d : metrics.getDistributions()) {
        measured.merge(stage + "/" + d.getName().getName(), d.getCommitted().getSum(), Long::sum);
      }
    }
    assertEquals(logged, counted, "a counter per stage, operation and status, equal to the log's counts");
    assertEquals(durations, measured, "duration distributions sum the logged durations");

    String lastLine = printed.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(lastLine.matches("progress \\d+:\\d\\d  render 6/6 100% .* ETA done; embed 6/6 100% .* ETA done"),
        lastLine);
  }

  /**
   * What the workers publish for runners whose metrics come at the end (Flink): after the job, every published
   * counter equals the job's own Beam counter, summed over workers, so the live display counts the same units.
   */
  @Test
  void workersPublishLiveCountsEqualToTheJobsMetrics(@TempDir Path out, @TempDir Path live) throws Exception {
    Path library = PipelineRuns.installedLibrary();
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    BrickBoxOptions options = PipelineOptionsFactory.fromArgs("--ldrawDir=" + library, "--out=" + out,
        "--parts=3001,3023", "--views=3", "--imageSize=64", "--progress=off", "--liveProgressDir=" + live)
        .as(BrickBoxOptions.class);
    RunPlan plan = RunPlan.from(options);
    Pipeline pipeline = Pipeline.create(options);
    BrickBoxPipeline.build(pipeline, plan);
    PipelineResult result = pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());

    Map<String, Long> published = LiveProgress.read(live.toString());
    assertEquals(6L, published.get("brickbox.render/render_view.ok"), "" + published);
    assertEquals(6L, published.get("embed/images_embedded"), "" + published);
    assertEquals(6L, published.get("brickbox.qa/measure_image.ok"), "" + published);
    assertEquals(6L, published.get("brickbox.fuse/view_cues.ok"), "" + published);
    published.forEach((key, value) -> {
      String[] name = key.split("/");
      assertEquals(ProgressMonitor.counters(result, name[0]).get(name[1]), value, key);
    });
  }

  /** The live display sums what every worker published and shows it while the job has not returned. */
  @Test
  void liveProgressSumsEveryWorkersFile(@TempDir Path out, @TempDir Path live) throws Exception {
    Files.writeString(live.resolve("worker-tm1.json"),
        "{\"worker\":\"tm1\",\"counters\":{\"brickbox.render/render_view.ok\":3,\"embed/images_embedded\":1}}");
    Files.writeString(live.resolve("worker-tm2.json"),
        "{\"worker\":\"tm2\",\"counters\":{\"brickbox.render/render_view.ok\":2,\"brickbox.render/render_view.failed\":1}}");
    BrickBoxOptions options = PipelineOptionsFactory.fromArgs("--out=" + out, "--progress=log",
        "--progressIntervalSeconds=1").as(BrickBoxOptions.class);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    String line = null;
    try (ProgressMonitor monitor = ProgressMonitor.watchLive(live.toString(), System.nanoTime(), options,
        List.of("render", "embed"), Map.of("render.keys.planned", 8L), new PrintStream(printed, true,
            StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (line == null && System.nanoTime() < deadline) {
        Thread.sleep(100);
        line = printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("render 6/8")).findFirst()
            .orElse(null);
      }
    }
    assertTrue(line != null && line.contains("1 failed") && line.contains("embed 1/8"),
        "a line with both workers' counts: " + printed.toString(StandardCharsets.UTF_8));
  }

  /**
   * A rebuild's render and embed move towards the work it does, not every planned key: a run that kept 5 of 8
   * images and 6 of 8 vectors shows render 3/3 and embed 2/2 when done (it showed 3/8, "37 %", at its end).
   */
  @Test
  void aRebuildShowsTheWorkItDoesNotEveryPlannedKey(@TempDir Path out, @TempDir Path live) throws Exception {
    Files.writeString(live.resolve("worker-tm1.json"), "{\"worker\":\"tm1\",\"counters\":{"
        + "\"brickbox.render/render_view.ok\":3,\"embed/images_embedded\":2,\"brickbox.qa/measure_image.ok\":8}}");
    BrickBoxOptions options = PipelineOptionsFactory.fromArgs("--out=" + out, "--progress=log",
        "--progressIntervalSeconds=1").as(BrickBoxOptions.class);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    String line = null;
    try (ProgressMonitor monitor = ProgressMonitor.watchLive(live.toString(), System.nanoTime(), options,
        List.of("render", "embed", "qa"), Map.of("render.keys.planned", 8L, "render.keys.skipped", 5L,
            "embed.images.skipped", 6L), new PrintStream(printed, true, StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (line == null && System.nanoTime() < deadline) {
        Thread.sleep(100);
        line = printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("render 3/")).findFirst()
            .orElse(null);
      }
    }
    assertTrue(line != null && line.contains("render 3/3 100%") && line.contains("embed 2/2 100%")
        && line.contains("qa 8/8 100%"), "kept keys left out of render and embed only: " + printed);
  }

  /**
   * Each run publishes into its own folder: the files a killed earlier run left under {@code OUT/progress} are never
   * summed into a new run's counts (they were: 58,065 of 48,000 renders shown), and are removed when it starts.
   */
  @Test
  void aRunCountsInItsOwnFolderAndRemovesWhatAKilledRunLeft(@TempDir Path out) throws Exception {
    Path killed = out.resolve("progress/brickbox-run-20261203T105437Z-4c180577");
    Files.createDirectories(killed);
    Files.writeString(killed.resolve("worker-29152-vm.json"),
        "{\"worker\":\"29152-vm\",\"counters\":{\"brickbox.render/render_view.ok\":16351}}");
    BrickBoxOptions options = PipelineOptionsFactory.fromArgs("--out=" + out, "--runner=FlinkRunner",
        "--progress=log").as(BrickBoxOptions.class);
    options.setJobName("brickbox-run");
    String folder = ProgressMonitor.liveFolder(options, "20261203T113341Z-4c180577");
    assertEquals(out.resolve("progress/brickbox-run-20261203T113341Z-4c180577"), Path.of(folder));
    assertEquals(folder, options.as(LiveProgress.Options.class).getLiveProgressDir());
    assertTrue(Files.notExists(killed.resolve("worker-29152-vm.json")), "the killed run's counts are removed");
    assertEquals(Map.of(), LiveProgress.read(folder), "nothing counted before the run starts");
  }
}
