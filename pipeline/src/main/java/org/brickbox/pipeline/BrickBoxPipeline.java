package org.brickbox.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
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
import org.brickbox.pipeline.store.DatabaseSinks;
import org.brickbox.pipeline.progress.ProgressMonitor;
import org.brickbox.pipeline.report.RunReport;
import org.brickbox.stages.embed.EmbedStage;
import org.brickbox.stages.embed.EmbeddingRecord;
import org.brickbox.stages.embed.EmbeddingRecordCoder;
import org.brickbox.stages.embed.ImageRef;
import org.brickbox.stages.embed.VectorShards;
import org.brickbox.stages.fuse.FuseQueryRecord;
import org.brickbox.stages.fuse.FuseStage;
import org.brickbox.stages.fuse.PhotoReference;
import org.brickbox.stages.fuse.PhotoTask;
import org.brickbox.stages.qa.QaResult;
import org.brickbox.qa.QaRecord;
import org.brickbox.stages.qa.QaStage;
import org.brickbox.stages.render.RenderRecord;
import org.brickbox.stages.render.RenderStage;
import org.brickbox.stages.render.RenderTask;
import org.brickbox.pipeline.rebuild.CarryForward;
import org.brickbox.pipeline.rebuild.RebuildOutputs;
import org.brickbox.pipeline.rebuild.RebuildPlan;
import org.brickbox.pipeline.rebuild.RebuildReport;

/**
 * The one BrickBox graph. Today: render tasks → Render → records, → Embed → vectors; every stage's dead letters and
 * operation logs flattened into {@code failures.jsonl} and {@code operation_logs.jsonl}; a final combine over the
 * logs writes {@code manifest.json} (and its history entry) once every other output is final. In an incremental
 * rebuild the tasks cover only keys whose inputs changed, and the records and vectors of the others are carried
 * from the previous run into the same shards ({@link org.brickbox.pipeline.rebuild.RebuildPlan}).
 */
public final class BrickBoxPipeline {
  private BrickBoxPipeline() {}

  /** Plans, builds and runs the graph, then returns the manifest it wrote; progress goes to stderr. */
  public static Manifest run(BrickBoxOptions options) {
    return run(options, System.err);
  }

  /** {@link #run(BrickBoxOptions)} with the progress display on {@code progressOut}. */
  public static Manifest run(BrickBoxOptions options, java.io.PrintStream progressOut) {
    JobSubmission.prepare(options);
    RunPlan plan = RunPlan.from(options);
    ProgressMonitor.letRunnerReturnEarly(options);
    // ---- incremental rebuild: nothing changed → no graph; else keep replaced images, drop stale keys
    try {
      if (plan.rebuild().shortCircuit()) {
        plan.recorder().record(RebuildOutputs.unchanged(plan), plan.run().outputDir());
        // Only after a finished run: a journal is then what a launcher that died before deleting it left.
        RebuildOutputs.clearJournals(plan.run().outputDir());
        return readManifest(options.getOut());
      }
      RebuildOutputs.prepare(plan);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the rebuild of " + options.getOut(), e);
    }
    String namedLiveFolder = options.getLiveProgressDir();
    String liveFolder = ProgressMonitor.liveFolder(options, plan.run().runId());
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, plan);
    try {
      long started = System.nanoTime();
      PipelineResult result;
      List<String> stages = List.copyOf(plan.run().stageVersions().keySet());
      if (liveFolder == null) {
        result = pipeline.run();
      } else {
        try (ProgressMonitor live = ProgressMonitor.watchLive(liveFolder, started, options, stages,
            plan.run().plannedCounts(), progressOut)) {
          result = pipeline.run();
        } finally {
          if (!liveFolder.equals(namedLiveFolder)) ProgressMonitor.removeLiveFolder(liveFolder); // a named one stays
        }
      }
      PipelineResult.State state;
      try (ProgressMonitor progress = ProgressMonitor.watch(result, started, options, stages,
          plan.run().plannedCounts(), progressOut)) {
        state = result.waitUntilFinish();
      }
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("pipeline ended in state " + state);
      }
      // Every writer has finished: what a lost worker left half-written is swept; its retry wrote the output.
      OutputFiles.deleteTemporaries(options.getOut());
      RebuildOutputs.removeStaleShards(plan);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sweep temporary files from " + options.getOut(), e);
    } catch (RuntimeException e) {
      writeFailedManifest(plan, e);
      writeReport(plan, e);
      throw e;
    }
    Manifest manifest = readManifest(options.getOut());
    writeReport(plan, null);
    return manifest;
  }

  /** {@code report.html} after the manifest, on this (launching) machine; a failed run gets one too. */
  private static void writeReport(RunPlan plan, RuntimeException runError) {
    try {
      RunReport.write(plan.run().outputDir());
    } catch (IOException | RuntimeException e) {
      if (runError != null) {
        runError.addSuppressed(e);
      } else {
        throw new IllegalStateException("the run finished but its report cannot be written: " + e.getMessage(), e);
      }
    }
  }

  public static void build(Pipeline pipeline, RunPlan plan) {
    String out = plan.run().outputDir();
    RebuildPlan rebuild = plan.rebuild();
    StageResult<RenderRecord> render = pipeline
        .apply("RenderTasks", Create.of(rebuild.tasks()).withCoder(JsonCoder.of(RenderTask.class)))
        .apply(new RenderStage(plan.render()));
    // Unchanged keys of an incremental rebuild: their records (and below, vectors) join the new ones.
    PCollection<RenderRecord> kept = pipeline.apply(CarryForward.records(rebuild.carriedRecordSources(),
        String.valueOf(plan.run().ldraw().get("version"))));
    PCollection<RenderRecord> records = PCollectionList.of(render.output()).and(kept)
        .apply("AllRenderRecords", Flatten.pCollections()).setCoder(JsonCoder.of(RenderRecord.class));
    StageResult<String> unknown = pipeline
        .apply("UnknownPartIds", Create.of(plan.parts().unknownIds()).withCoder(StringUtf8Coder.of()))
        .apply("ReportUnknownParts", new ReportUnknownParts());

    PCollection<String> renderFiles =
        writeJsonl("RenderRecords", records, RenderRecord::key, out + "/records", "renders", plan.recordShards());

    PCollectionList<FailureRecord> stageFailures = PCollectionList.of(render.failures()).and(unknown.failures());
    PCollectionList<OperationLogRecord> stageLogs = PCollectionList.of(render.logs()).and(unknown.logs());
    PCollectionList<String> written = PCollectionList.of(renderFiles);
    // Stages that report more than counts (accuracy, QA summary, ...) add one (section name, JSON object) each.
    PCollectionList<KV<String, String>> sections = PCollectionList.of(pipeline.apply("NoSections",
        Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))));
    sections = sections.and(pipeline.apply("RebuildSection", Create.of(KV.of(RebuildReport.SECTION,
        Json.line(rebuild.report())))).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())));
    PCollection<EmbeddingRecord> vectors = null;
    if (plan.embed() != null) {
      Set<String> reused = rebuild.reusedVectorKeys();
      PCollection<RenderRecord> keptWithoutVector =
          kept.apply("KeptWithoutVector", Filter.by((RenderRecord r) -> !reused.contains(r.key())));
      StageResult<EmbeddingRecord> embed = PCollectionList.of(render.output()).and(keptWithoutVector)
          .apply("RecordsToEmbed", Flatten.pCollections()).setCoder(JsonCoder.of(RenderRecord.class))
          .apply("ImagesToEmbed", MapElements.into(TypeDescriptor.of(ImageRef.class))
              .via((RenderRecord r) -> new ImageRef(r.key(), OutputFiles.resolve(out, r.image()).toString(),
                  r.partId(), r.colourCode(), r.viewIndex())))
          .setCoder(JsonCoder.of(ImageRef.class))
          .apply(new EmbedStage(plan.embed(), out));
      vectors = PCollectionList.of(embed.output())
          .and(pipeline.apply(CarryForward.vectors(rebuild.reusedVectorSources())))
          .apply("AllVectors", Flatten.pCollections()).setCoder(EmbeddingRecordCoder.of());
      PCollection<String> vectorFiles = vectors
          .apply("KeyVectors", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                  TypeDescriptor.of(EmbeddingRecord.class)))
              .via((EmbeddingRecord e) -> KV.of(e.key(), e)))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), EmbeddingRecordCoder.of()))
          .apply("WriteVectors", VectorShards.to(out + "/embeddings", plan.vectorShards()));
      stageFailures = stageFailures.and(embed.failures());
      stageLogs = stageLogs.and(embed.logs());
      written = written.and(vectorFiles);
    }

    // ---- QA (--qa): metrics and verdicts for every image of the run (carried ones too) → qa/metrics-*.jsonl,
    // qa/quarantine.jsonl, the manifest's qa section; qa.quarantinedKeys() are the render keys the index leaves out.
    QaResult qa = null;
    boolean fuses = plan.fuse() != null && vectors != null;
    if (plan.qa() != null) {
      // QA decodes every image and mask anyway: it reads the fuse stage's cues off the same pixels.
      // A rebuild's kept images keep their measurements (and cues) where they still hold; the verdicts are redone.
      PCollectionTuple input = rebuild.earlierVerdictSources().isEmpty() ? QaStage.input(records, vectors)
          : QaStage.input(render.output(), kept, vectors,
              pipeline.apply(CarryForward.verdicts(rebuild.earlierVerdictSources())));
      qa = input.apply(new QaStage(fuses ? plan.qa().withViewCues() : plan.qa()));
      stageFailures = stageFailures.and(qa.failures());
      stageLogs = stageLogs.and(qa.logs());
      written = written.and(qa.files());
      sections = sections.and(qa.section());
    }

    // ---- Fuse: the reference index over every key, carried ones included (it is rebuilt whole on every run),
    // minus what QA quarantined; held-out views identified against it.
    if (fuses) {
      PCollection<String> quarantined = qa != null ? qa.quarantinedKeys()
          : pipeline.apply("NothingQuarantined", Create.empty(StringUtf8Coder.of()));
      PhotoPlan photos = plan.photos();
      PCollection<PhotoTask> photoTasks = pipeline.apply("PhotosToAdd",
          Create.of(photos.tasks()).withCoder(JsonCoder.of(PhotoTask.class)));
      PCollection<PhotoReference> reusedPhotos = pipeline.apply("PhotosReused",
          Create.of(photos.reused()).withCoder(JsonCoder.of(PhotoReference.class)));
      FuseStage fuseStage = new FuseStage(plan.fuse(), records, quarantined, photoTasks, reusedPhotos, plan.embed());
      StageResult<FuseQueryRecord> fuse = vectors.apply(qa != null ? fuseStage.withCues(qa.viewCues()) : fuseStage);
      PCollection<String> queryFiles = writeJsonl("FuseQueries", fuse.output(), FuseQueryRecord::key,
          out + "/fuse", "queries", 1);
      stageFailures = stageFailures.and(fuse.failures());
      stageLogs = stageLogs.and(fuse.logs());
      written = written.and(queryFiles).and(fuse.get(FuseStage.FILES));
      sections = sections.and(fuse.get(FuseStage.SECTION));
      if (!photos.isEmpty()) {
        written = written.and(writeJsonl("PhotoReferences", fuse.get(FuseStage.PHOTOS), PhotoReference::key,
            out + "/records", PhotoPlan.RECORDS_NAME, PhotoPlan.RECORDS_SHARDS));
        List<FailureRecord> notPhotos = photos.skipped().stream().map(p -> new FailureRecord(FuseStage.NAME,
            p.path(), p.path(), "NotAPhoto", p.reason(), null)).toList();
        stageFailures = stageFailures.and(pipeline.apply("PhotoFolderFilesSkipped",
            Create.of(notPhotos).withCoder(JsonCoder.of(FailureRecord.class))));
        sections = sections.and(pipeline.apply("PhotoPartsSection", Create.of(KV.of(PhotoPlan.Parts.SECTION,
            Json.line(photos.parts())))).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())));
      }
    }

    // ---- production stores: PostgreSQL sinks when --database is set, for every key (carried ones too, so a rerun
    // repairs what an interrupted run left out).
    DatabaseSinks.Attached database = DatabaseSinks.attach(pipeline, plan.run(), records, vectors,
        qa == null ? null : qa.records(), stageLogs);
    stageFailures = stageFailures.and(database.failures());
    stageLogs = stageLogs.and(database.logs());
    // ---- end production stores

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
    PCollection<Map<String, StageSummary>> summaries = logs
        .apply("SummariseStages", Combine.globally(new SummariseStagesFn()))
        .setCoder(MapCoder.of(StringUtf8Coder.of(), JsonCoder.of(StageSummary.class)));
    // A completed manifest means the database rows are written too; the manifest itself then goes into runs.
    database.recordRun(database.afterWrites(summaries)
        .apply("WriteManifest", ParDo.of(new WriteManifestFn(plan.run(), writtenFiles, reportedSections,
            plan.recorder()))
            .withSideInputs(writtenFiles, reportedSections)));
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

  /**
   * A run that died still leaves a manifest saying so, and where to resume. The graph failed as a whole, so no
   * stage of it is known to have completed: each is marked failed (none is reported as completed).
   */
  private static void writeFailedManifest(RunPlan plan, RuntimeException error) {
    Map<String, StageSummary> failed = new java.util.HashMap<>();
    for (String stage : plan.run().stageVersions().keySet()) {
      failed.put(stage, new StageSummary(stage, "failed", Map.of(), 0, 0, 0, null, null, 0, 0));
    }
    Manifest manifest = WriteManifestFn.build(plan.run(), failed, Map.of(), Map.of(), Instant.now().toString())
        .withError(OperationLogs.describe(error));
    try {
      plan.recorder().record(manifest.withSection(RebuildReport.SECTION, plan.rebuild().report()),
          plan.run().outputDir());
    } catch (IOException e) {
      error.addSuppressed(e);
    }
  }
}
