package org.brickbox.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.brickbox.beam.JsonCoder;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.beam.WriteSortedJsonl;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.manifest.StageSummary;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.pipeline.manifest.SummariseStagesFn;
import org.brickbox.pipeline.manifest.WriteManifestFn;
import org.brickbox.stages.embed.EmbedStage;
import org.brickbox.stages.embed.EmbeddingRecord;
import org.brickbox.stages.embed.EmbeddingRecordCoder;
import org.brickbox.stages.embed.ImageRef;
import org.brickbox.stages.embed.VectorShards;
import org.brickbox.stages.qa.QaResult;
import org.brickbox.stages.qa.QaStage;
import org.brickbox.stages.render.RenderRecord;
import org.brickbox.stages.render.RenderStage;

/**
 * The one BrickBox graph. Today: selected parts → Render → records, → Embed → vectors; every stage's dead letters and operation
 * logs flattened into {@code failures.jsonl} and {@code operation_logs.jsonl}; a final combine over the logs
 * writes {@code manifest.json} once every other output is final.
 */
public final class BrickBoxPipeline {
  private BrickBoxPipeline() {}

  /** Plans, builds and runs the graph, then returns the manifest it wrote. */
  public static Manifest run(BrickBoxOptions options) {
    JobSubmission.prepare(options);
    RunPlan plan = RunPlan.from(options);
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, plan);
    try {
      PipelineResult.State state = pipeline.run().waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("pipeline ended in state " + state);
      }
      // Every writer has finished: what a lost worker left half-written is swept; its retry wrote the output.
      OutputFiles.deleteTemporaries(options.getOut());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sweep temporary files from " + options.getOut(), e);
    } catch (RuntimeException e) {
      writeFailedManifest(plan, e);
      throw e;
    }
    return readManifest(options.getOut());
  }

  public static void build(Pipeline pipeline, RunPlan plan) {
    String out = plan.run().outputDir();
    PCollection<String> partIds = pipeline.apply("SelectedParts",
        Create.of(plan.parts().partIds()).withCoder(StringUtf8Coder.of()));
    StageResult<RenderRecord> render = partIds.apply(new RenderStage(plan.render()));
    StageResult<String> unknown = pipeline
        .apply("UnknownPartIds", Create.of(plan.parts().unknownIds()).withCoder(StringUtf8Coder.of()))
        .apply("ReportUnknownParts", new ReportUnknownParts());

    PCollection<String> renderFiles =
        writeJsonl("RenderRecords", render.output(), RenderRecord::key, out + "/records", "renders", plan.recordShards());

    PCollectionList<FailureRecord> stageFailures = PCollectionList.of(render.failures()).and(unknown.failures());
    PCollectionList<OperationLogRecord> stageLogs = PCollectionList.of(render.logs()).and(unknown.logs());
    PCollectionList<String> written = PCollectionList.of(renderFiles);
    // Stages that report more than counts (accuracy, QA summary, ...) add one (section name, JSON object) each.
    PCollectionList<KV<String, String>> sections = PCollectionList.of(pipeline.apply("NoSections",
        Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))));
    PCollection<EmbeddingRecord> embeddings = null;
    if (plan.embed() != null) {
      StageResult<EmbeddingRecord> embed = render.output()
          .apply("ImagesToEmbed", MapElements.into(TypeDescriptor.of(ImageRef.class))
              .via((RenderRecord r) -> new ImageRef(r.key(), OutputFiles.resolve(out, r.image()).toString(),
                  r.partId(), r.colourCode(), r.viewIndex())))
          .setCoder(JsonCoder.of(ImageRef.class))
          .apply(new EmbedStage(plan.embed()));
      PCollection<String> vectorFiles = embed.output()
          .apply("KeyVectors", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                  TypeDescriptor.of(EmbeddingRecord.class)))
              .via((EmbeddingRecord e) -> KV.of(e.key(), e)))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), EmbeddingRecordCoder.of()))
          .apply("WriteVectors", VectorShards.to(out + "/embeddings", plan.vectorShards()));
      stageFailures = stageFailures.and(embed.failures());
      stageLogs = stageLogs.and(embed.logs());
      written = written.and(vectorFiles);
      embeddings = embed.output();
    }

    // ---- QA (--qa): metrics and verdicts per image → qa/metrics-*.jsonl, qa/quarantine.jsonl, the manifest's
    // qa section; qa.quarantinedKeys() are the render keys the index must leave out.
    if (plan.qa() != null) {
      QaResult qa = QaStage.input(render.output(), embeddings).apply(new QaStage(plan.qa()));
      stageFailures = stageFailures.and(qa.failures());
      stageLogs = stageLogs.and(qa.logs());
      written = written.and(qa.files());
      sections = sections.and(qa.section());
    }

    PCollection<FailureRecord> failures = flatten("AllFailures", FailureRecord.class, stageFailures);
    PCollection<String> failureFiles =
        writeJsonl("Failures", failures, f -> f.stage() + "/" + f.key(), out, "failures", 1);
    PCollection<OperationLogRecord> logs = flatten("AllOperationLogs", OperationLogRecord.class, stageLogs);
    PCollection<String> logFiles =
        writeJsonl("OperationLogs", logs, r -> r.timestamp() + " " + r.key(), out, "operation_logs", 1);

    // The manifest hashes what the other writers produced, so it waits on them through a side input.
    var writtenFiles = written.and(failureFiles).and(logFiles)
        .apply("AllWrittenFiles", Flatten.pCollections())
        .apply("WrittenFilesView", View.asList());
    var reportedSections = sections.apply("AllSections", Flatten.pCollections())
        .apply("SectionsView", View.asMap());
    logs.apply("SummariseStages", Combine.globally(new SummariseStagesFn()))
        .setCoder(MapCoder.of(StringUtf8Coder.of(), JsonCoder.of(StageSummary.class)))
        .apply("WriteManifest", ParDo.of(new WriteManifestFn(plan.run(), writtenFiles, reportedSections))
            .withSideInputs(writtenFiles, reportedSections));
  }

  /** Records as sorted JSONL shards; returns the files written so the manifest can wait on them. */
  private static <T> PCollection<String> writeJsonl(String name, PCollection<T> records,
      SerializableFunction<T, String> sortKey, String directory, String baseName, int shards) {
    return records
        .apply("Key" + name, MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via((T record) -> KV.of(sortKey.apply(record), Json.line(record))))
        .apply("Write" + name, WriteSortedJsonl.to(directory, baseName, shards));
  }

  private static <T> PCollection<T> flatten(String name, Class<T> type, PCollectionList<T> parts) {
    return parts.apply(name, Flatten.pCollections()).setCoder(JsonCoder.of(type));
  }

  private static Manifest readManifest(String out) {
    try {
      return Manifest.read(out);
    } catch (IOException e) {
      throw new UncheckedIOException("the run finished but its manifest cannot be read", e);
    }
  }

  /** A run that died still leaves a manifest saying so, and where to resume. */
  private static void writeFailedManifest(RunPlan plan, RuntimeException error) {
    Manifest manifest = WriteManifestFn.build(plan.run(), Map.of("render", new StageSummary("render", "failed",
        Map.of(), 0, 0, 0, null, null, 0, 0)), Map.of(), Map.of(), Instant.now().toString())
        .withError(OperationLogs.describe(error));
    try {
      manifest.write(plan.run().outputDir());
    } catch (IOException e) {
      error.addSuppressed(e);
    }
  }
}
