package org.brickbox.pipeline.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.brickbox.io.db.DatabaseSettings;
import org.brickbox.io.db.Migrations;
import org.brickbox.io.db.StoreRow;
import org.brickbox.io.db.StoreTable;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.pipeline.store.DatabaseSinks;
import org.brickbox.pipeline.store.ObjectStores;
import org.brickbox.pipeline.store.StoreOptions;

/**
 * {@code ./brickbox bench db} and {@code bench s3}: throughput of the production sinks. The database figures are
 * 512-d embedding upserts in batches, through the same statement and connection settings as the graph's sink,
 * both as a plain JDBC loop (the sink's ceiling) and through the sink (UpsertBatchesFn) on the DirectRunner; the object
 * store figures are atomic writes (temporary object, then rename) of image-sized objects, as the stages do.
 */
public final class StoreBenchmark {
  private static final int DIMENSION = 512;

  private StoreBenchmark() {}

  /** Options: --database --databaseUser --databasePasswordFile [--databaseSchema=brickbox_bench --rows=20000 --batches=100,1000]. */
  public static void database(Map<String, String> o, PrintStream out) throws Exception {
    DatabaseSettings settings = DatabaseSettings.resolve(required(o, "database"), o.get("databaseUser"),
        o.get("databasePasswordFile"), o.getOrDefault("databaseSchema", "brickbox_bench"), System.getenv());
    int rows = Integer.parseInt(o.getOrDefault("rows", "20000"));
    Migrations.migrate(settings);
    List<StoreRow> embeddings = embeddings(rows, new Random(42));
    out.printf("PostgreSQL sink, %d rows of %d-d embeddings (%s)%n", rows, DIMENSION, settings.describe());
    out.println("batch   JDBC insert rows/s   JDBC rerun upsert rows/s   sink (DirectRunner, whole run) rows/s");
    double runnerOnly = beam(settings, embeddings, 0);
    for (String b : o.getOrDefault("batches", "100,1000").split(",")) {
      int batch = Integer.parseInt(b.trim());
      truncate(settings);
      double insert = jdbc(settings, embeddings, batch);
      double upsert = jdbc(settings, embeddings, batch);
      truncate(settings);
      double sink = beam(settings, embeddings, batch);
      out.printf("%5d   %18.0f   %24.0f   %44.0f%n", batch, insert, upsert, sink);
    }
    out.printf("the same DirectRunner run with a no-op sink instead: %.0f rows/s%n", runnerOnly);
  }

  /** Options: --out=s3://bucket/prefix plus Beam's S3 options [--objects=300 --size=30000 --threads=1,4]. */
  public static void objects(Map<String, String> o, PrintStream out) throws Exception {
    Map<String, String> beam = new LinkedHashMap<>(o);
    int count = Integer.parseInt(beam.getOrDefault("objects", "300"));
    int size = Integer.parseInt(beam.getOrDefault("size", "30000"));
    String threadCounts = beam.getOrDefault("threads", "1,4");
    String base = required(o, "out");
    beam.keySet().removeAll(List.of("objects", "size", "threads", "out"));
    StoreOptions options = PipelineOptionsFactory.fromArgs(beam.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new)).as(StoreOptions.class);
    ObjectStores.prepare(options);
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    out.printf("object store %s: %d objects of %,d bytes%n", base, count, size);
    out.println("threads   atomic write (temp + rename) objects/s   MB/s   plain write objects/s");
    for (String t : threadCounts.split(",")) {
      int threads = Integer.parseInt(t.trim());
      double atomic = objectsPerSecond(base + "/atomic-" + threads, count, threads, target ->
          OutputFiles.writeAtomically(target, bytes, "image/png"));
      double plain = objectsPerSecond(base + "/plain-" + threads, count, threads, target -> {
        try (OutputStream stream = Channels.newOutputStream(FileSystems.create(target, "image/png"))) {
          stream.write(bytes);
        }
      });
      out.printf("%7d   %38.1f   %4.1f   %21.1f%n", threads, atomic, atomic * size / 1e6, plain);
    }
  }

  private interface ObjectWrite {
    void write(ResourceId target) throws Exception;
  }

  private static double objectsPerSecond(String dir, int count, int threads, ObjectWrite write) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ResourceId target = OutputFiles.resolve(dir, "v" + i + ".png");
        writes.add(pool.submit(() -> {
          write.write(target);
          return null;
        }));
      }
      for (Future<?> f : writes) f.get();
      return count / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  private static List<StoreRow> embeddings(int n, Random random) {
    List<StoreRow> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] v = new float[DIMENSION];
      double norm = 0;
      for (int j = 0; j < DIMENSION; j++) {
        v[j] = (float) random.nextGaussian();
        norm += v[j] * v[j];
      }
      for (int j = 0; j < DIMENSION; j++) v[j] /= (float) Math.sqrt(norm);
      String key = "bench" + (i % 500) + "/c" + (i / 500) + "/v0";
      rows.add(new StoreRow(StoreTable.EMBEDDINGS, key,
          Arrays.asList(key, "bench-v1", "builtin", "bench" + (i % 500), DIMENSION, v, "bench-run")));
    }
    return rows;
  }

  /** Rows/s of the sink's statement in a plain JDBC loop: add to batch, execute, commit per batch (as the sink). */
  private static double jdbc(DatabaseSettings settings, List<StoreRow> rows, int batch) throws Exception {
    long start = System.nanoTime();
    try (Connection c = settings.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(StoreTable.EMBEDDINGS.upsertSql(settings.quotedSchema(), false))) {
        for (int i = 0; i < rows.size(); i++) {
          StoreTable.EMBEDDINGS.bind(s, rows.get(i), false);
          s.addBatch();
          if ((i + 1) % batch == 0 || i == rows.size() - 1) {
            s.executeBatch();
            c.commit();
          }
        }
      }
    }
    return rows.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** Rows/s of a DirectRunner run that upserts {@code rows} in batches (batch 0: drops them, the runner's cost). */
  private static double beam(DatabaseSettings settings, List<StoreRow> rows, int batch) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    PCollection<StoreRow> input = p.apply(Create.of(rows).withCoder(SerializableCoder.of(StoreRow.class)));
    if (batch == 0) {
      input.apply("Drop", ParDo.of(new DropFn()));
    } else {
      DatabaseSinks.upsert(input, StoreTable.EMBEDDINGS, settings, false, batch, 120);
    }
    long start = System.nanoTime();
    p.run().waitUntilFinish();
    return rows.size() / ((System.nanoTime() - start) / 1e9);
  }

  private static final class DropFn extends DoFn<StoreRow, Void> {
    @ProcessElement
    public void process(@Element StoreRow row) {}
  }

  private static void truncate(DatabaseSettings settings) throws Exception {
    try (Connection c = settings.connect(); Statement s = c.createStatement()) {
      s.execute("truncate " + settings.quotedSchema() + ".embeddings");
    }
  }

  private static String required(Map<String, String> o, String name) {
    String value = o.get(name);
    if (value == null || value.isBlank()) throw new IllegalArgumentException("--" + name + " is required");
    return value;
  }
}
