package org.brickbox.pipeline.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.io.db.DatabaseSettings;
import org.brickbox.io.db.Migrations;
import org.brickbox.io.db.PgVector;
import org.brickbox.io.db.StoreRow;
import org.brickbox.io.db.StoreTable;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.pipeline.manifest.RunInfo;
import org.brickbox.qa.QaRecord;
import org.brickbox.stages.embed.EmbeddingRecord;
import org.brickbox.stages.render.RenderRecord;

/**
 * The PostgreSQL sinks of the graph, attached when {@code --database} is set: render records → parts + renders,
 * embeddings → embeddings, operation logs → operation_logs, QA records → qa_metrics, the manifest → runs. Each
 * writes in batches of idempotent upserts, so a retried bundle or a rerun replaces rows. Rows PostgreSQL would
 * reject as data become dead letters (stage {@code store}); a lost connection is reconnected and the batch resent
 * ({@link UpsertBatchesFn}); an outage that outlasts {@code --databaseRetrySeconds} fails the run, whose manifest
 * then says so, and a rerun repairs the tables.
 */
public final class DatabaseSinks {
  private static final TupleTag<StoreRow> VALID = new TupleTag<>("valid-rows") {};

  private DatabaseSinks() {}

  /**
   * What the sinks add to the graph: their dead letters and logs (for failures.jsonl and operation_logs.jsonl),
   * the writes the manifest waits for, and the sink for the manifest itself.
   */
  public record Attached(DatabaseSettings settings, boolean pgvector, int batchSize, long retrySeconds, String runId,
      String outputDir,
      List<PCollection<FailureRecord>> failures, List<PCollection<OperationLogRecord>> logs,
      List<PCollection<?>> writes) {
    static Attached none() {
      return new Attached(null, false, 0, 0, null, null, List.of(), List.of(), List.of());
    }

    /** {@code input} once every database write has finished (itself when there is no database). */
    public <T> PCollection<T> afterWrites(PCollection<T> input) {
      return writes.isEmpty() ? input
          : input.apply("AwaitDatabaseWrites", Wait.<T>on(writes)).setCoder(input.getCoder());
    }

    /** Records the run's manifest in {@code runs} once it is written ({@code manifestFiles}: where it went). */
    public void recordRun(PCollection<String> manifestFiles) {
      if (settings == null) return;
      String dir = outputDir;
      PCollection<StoreRow> rows = manifestFiles.apply("ManifestRow", MapElements.into(TypeDescriptor.of(StoreRow.class))
          .via((String uri) -> manifestRow(dir, uri)));
      write(rows, StoreTable.RUNS, this, new ArrayList<>(), new ArrayList<>());
    }
  }

  /**
   * Checks the database (migrating it with {@code --migrateDatabase}) and attaches one sink per stage output.
   * {@code embeddings} and {@code qaRecords} are null when the run has no embed or QA stage.
   */
  public static Attached attach(Pipeline pipeline, RunInfo run, PCollection<RenderRecord> renders,
      PCollection<EmbeddingRecord> embeddings, PCollection<QaRecord> qaRecords,
      PCollectionList<OperationLogRecord> stageLogs) {
    StoreOptions options = pipeline.getOptions().as(StoreOptions.class);
    if (options.getDatabase() == null || options.getDatabase().isBlank()) return Attached.none();
    DatabaseSettings settings = settings(options);
    boolean pgvector = prepare(settings, options.getMigrateDatabase());
    if (options.getDatabaseBatchSize() < 1) {
      throw new IllegalArgumentException("--databaseBatchSize must be >= 1, was " + options.getDatabaseBatchSize());
    }
    if (options.getDatabaseRetrySeconds() < 0) {
      throw new IllegalArgumentException("--databaseRetrySeconds must be >= 0, was " + options.getDatabaseRetrySeconds());
    }
    Attached sinks = new Attached(settings, pgvector, options.getDatabaseBatchSize(), options.getDatabaseRetrySeconds(),
        run.runId(), run.outputDir(),
        new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    String runId = run.runId();
    String out = run.outputDir();

    PCollection<StoreRow> parts = renders
        .apply("PartRows", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(StoreRow.class)))
            .via((RenderRecord r) -> KV.of(r.partId(), StoreRows.part(runId, r))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(StoreRow.class)))
        // Every view of a part gives the same part row: one per part.
        .apply("OnePerPart", Combine.perKey((Iterable<StoreRow> same) -> same.iterator().next()))
        .apply("PartRowValues", Values.create());
    sinks.writes().add(write(parts, StoreTable.PARTS, sinks, sinks.failures(), sinks.logs()));
    sinks.writes().add(write(rows("RenderRows", renders, r -> StoreRows.render(runId, out, r)),
        StoreTable.RENDERS, sinks, sinks.failures(), sinks.logs()));
    if (embeddings != null) {
      sinks.writes().add(write(rows("EmbeddingRows", embeddings, e -> StoreRows.embedding(runId, e)),
          StoreTable.EMBEDDINGS, sinks, sinks.failures(), sinks.logs()));
    }
    if (qaRecords != null) {
      sinks.writes().add(write(rows("QaRows", qaRecords, q -> StoreRows.qaMetrics(runId, q)),
          StoreTable.QA_METRICS, sinks, sinks.failures(), sinks.logs()));
    }
    PCollection<OperationLogRecord> logs = stageLogs.apply("LogsForDatabase", Flatten.pCollections());
    sinks.writes().add(write(rows("LogRows", logs, l -> StoreRows.log(runId, l)), StoreTable.OPERATION_LOGS, sinks,
        sinks.failures(), sinks.logs()));
    return sinks;
  }

  /** Settings from the options and this process's environment. */
  public static DatabaseSettings settings(StoreOptions options) {
    return DatabaseSettings.resolve(options.getDatabase(), options.getDatabaseUser(), options.getDatabasePasswordFile(),
        options.getDatabaseSchema(), System.getenv());
  }

  /**
   * Before any work: the database answers, its schema is current (migrated here when asked) and whether the
   * pgvector column must be filled. Failing here costs nothing; failing after rendering costs the render.
   */
  static boolean prepare(DatabaseSettings settings, boolean migrate) {
    try {
      if (migrate) Migrations.migrate(settings);
      try (Connection c = settings.connect()) {
        int version = Migrations.currentVersion(c, settings.quotedSchema());
        if (version != Migrations.latestVersion()) {
          throw new IllegalArgumentException("database " + settings.describe() + " is at schema version " + version
              + ", this BrickBox writes version " + Migrations.latestVersion() + ": run ./brickbox db migrate with the "
              + "same --database options, or pass --migrateDatabase=true");
        }
        return PgVector.enabledIn(c, settings.schema());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot use database " + settings.describe() + ": " + e.getMessage(), e);
    }
  }

  private static <T> PCollection<StoreRow> rows(String name, PCollection<T> records,
      SerializableFunction<T, StoreRow> toRow) {
    return records.apply(name, MapElements.into(TypeDescriptor.of(StoreRow.class)).via(toRow));
  }

  /** Checks rows, routes data errors to dead letters, upserts the rest in batches; returns the write signal. */
  private static PCollection<Void> write(PCollection<StoreRow> rows, StoreTable table, Attached sinks,
      List<PCollection<FailureRecord>> failures, List<PCollection<OperationLogRecord>> logs) {
    String name = upperCamel(table.tableName());
    rows.setCoder(SerializableCoder.of(StoreRow.class));
    StageResult<StoreRow> checked = StageResult.of(rows.apply("Check" + name + "Rows",
        ParDo.of(new CheckRowFn()).withOutputTags(VALID, StageResult.sideTags())), VALID);
    failures.add(checked.failures());
    logs.add(checked.logs());
    return upsert(checked.output(), table, sinks.settings(), sinks.pgvector(), sinks.batchSize(),
        sinks.retrySeconds());
  }

  /** The sink itself: batches of upserts that ride out a lost connection ({@link UpsertBatchesFn}). */
  public static PCollection<Void> upsert(PCollection<StoreRow> rows, StoreTable table, DatabaseSettings settings,
      boolean pgvector, int batchSize, long retrySeconds) {
    return rows.setCoder(SerializableCoder.of(StoreRow.class))
        .apply("Write" + upperCamel(table.tableName()),
            ParDo.of(new UpsertBatchesFn(table, settings, pgvector, batchSize, retrySeconds)))
        .setCoder(VoidCoder.of());
  }

  private static StoreRow manifestRow(String outputDir, String uri) {
    try {
      byte[] json = OutputFiles.read(FileSystems.matchNewResource(uri, false));
      return StoreRows.run(outputDir, Json.read(json, Manifest.class), new String(json, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back the manifest " + uri, e);
    }
  }

  private static String upperCamel(String snake) {
    StringBuilder s = new StringBuilder();
    for (String word : snake.split("_")) s.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    return s.toString();
  }

  /** Dead letters for rows PostgreSQL would reject as data, so one bad part name cannot fail the whole run. */
  static final class CheckRowFn extends DoFn<StoreRow, StoreRow> {
    @ProcessElement
    public void process(@Element StoreRow row, MultiOutputReceiver out) {
      String reason = row.rejectReason();
      if (reason == null) {
        out.get(VALID).output(row);
        return;
      }
      long start = System.nanoTime();
      String message = row.table().tableName() + " row " + row.key() + ": " + reason;
      out.get(StageResult.FAILURES).output(new FailureRecord("store", row.key(), row.table().tableName(),
          "RejectedRow", message, null));
      out.get(StageResult.LOGS).output(OperationLogs.record("store", "write_" + row.table().tableName(), row.key(),
          OperationLogRecord.Status.FAILED, start, java.util.Map.of("table", row.table().tableName()), message));
    }
  }
}
