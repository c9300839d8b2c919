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
}
