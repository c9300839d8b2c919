package org.brickbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.brickbox.embed.Npy;
import org.brickbox.io.db.DatabaseSettings;
import org.brickbox.io.db.PostgresServer;
import org.brickbox.io.ldraw.TestLibrary;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.qa.QaRecord;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.JsonLines;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.stages.render.RenderRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real graph writing to a real PostgreSQL server: every table filled from the run's records, reruns that
 * replace rather than add rows, and a server that goes away in the middle of a run.
 */
class DatabasePipelineTest {
  private static Path library;
  private static PostgresServer server;

  @BeforeAll
  static void start() {
    library = PipelineRuns.installedLibrary();
    server = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  private static Manifest run(Path out, Path passwordFile, String schema, String parts, String... extra) {
    List<String> args = new ArrayList<>(List.of("--ldrawDir=" + library, "--out=" + out, "--parts=" + parts,
        "--imageSize=64", "--database=" + server.jdbcUrl(), "--databaseUser=" + PostgresServer.USER,
        "--databasePasswordFile=" + passwordFile, "--databaseSchema=" + schema));
    args.addAll(List.of(extra));
    for (String option : List.of("--migrateDatabase=true", "--views=4")) {
      String name = option.substring(0, option.indexOf('=') + 1);
      if (args.stream().noneMatch(a -> a.startsWith(name))) args.add(option);
    }
    return PipelineRuns.run(args.toArray(String[]::new));
  }

  @Test
  void fillsEveryTableAndARerunReplacesRows(@TempDir Path out, @TempDir Path secrets) throws Exception {
    Path pw = password(secrets);
    Manifest first = run(out, pw, "filled", "3001,3023");
    DatabaseSettings db = server.settings("filled");
    List<RenderRecord> renders = JsonLines.readAll(out.resolve("records"), "renders-", ".jsonl", RenderRecord.class);
    int logLines = JsonLines.read(out.resolve("operation_logs.jsonl"), OperationLogRecord.class).size();
    try (Connection c = db.connect()) {
      assertEquals(renders.stream().map(x -> x.partId() + " " + x.description()).distinct().sorted().toList(),
          strings(c, "select part_id || ' ' || name from filled.parts order by 1"));
      assertEquals(renders.stream().map(RenderRecord::key).sorted().toList(),
          strings(c, "select render_key from filled.renders order by 1"));
      RenderRecord r = renders.get(0);
      assertEquals(List.of(out.resolve(r.image()).toString() + " " + r.imageSha256() + " pending"),
          strings(c, "select image_uri || ' ' || image_sha256 || ' ' || qa_status from filled.renders "
              + "where render_key = '" + r.key() + "'"));
      assertEquals(vectorsFromFiles(out), vectorsFromDatabase(c, "filled"));
      // The QA stage's verdict for every image, as in qa/metrics-*.jsonl.
      List<QaRecord> qa = JsonLines.readAll(out.resolve("qa"), "metrics-", ".jsonl", QaRecord.class);
      assertEquals(qa.stream().map(q -> q.key() + " " + q.passed() + " " + q.reasons()).sorted().toList(),
          strings(c, "select render_key || ' ' || passed || ' ' || "
              + "'[' || array_to_string(reasons, ', ') || ']' from filled.qa_metrics order by 1").stream()
              .map(l -> l.replace(" t [", " true [").replace(" f [", " false [")).toList());
      assertEquals(renders.size(), qa.size());
      assertEquals(List.of(String.valueOf(logLines)), strings(c, "select count(*) from filled.operation_logs"));
      assertEquals(List.of(first.runId() + " " + first.status() + " " + first.runId()),
          strings(c, "select run_id || ' ' || status || ' ' || (manifest->>'runId') from filled.runs"));
    }

    Manifest second = run(out, pw, "filled", "3001,3023", "--incremental=false");
    try (Connection c = db.connect()) {
      assertEquals(List.of("2", "8", "8"), strings(c, "select (select count(*) from filled.parts) union all "
          + "select count(*) from filled.renders union all select count(*) from filled.embeddings"));
      // Logs are events: the rerun adds its own, once each, beside the first run's.
      int secondLogLines = JsonLines.read(out.resolve("operation_logs.jsonl"), OperationLogRecord.class).size();
      assertEquals(List.of(first.runId() + " " + logLines, second.runId() + " " + secondLogLines),
          strings(c, "select run_id || ' ' || count(*) from filled.operation_logs group by run_id order by run_id"));
      assertEquals(List.of("2"), strings(c, "select count(*) from filled.runs"));
      assertEquals(List.of(second.runId()), strings(c, "select distinct run_id from filled.renders"));
    }
  }

  @Test
  void aRunStopsBeforeAnyWorkWhenTheSchemaIsNotMigrated(@TempDir Path out, @TempDir Path secrets) throws Exception {
    Path pw = password(secrets);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(out, pw, "unmigrated", "3001", "--migrateDatabase=false", "--embed=false"));
    assertTrue(e.getMessage().contains("./brickbox db migrate"), e.getMessage());
    assertFalse(e.getMessage().contains(PostgresServer.PASSWORD));
    assertFalse(Files.exists(out.resolve("records")), "nothing rendered");
  }

  /**
   * Stops the server as soon as the first rows of {@code schema}.renders are committed, while the rest of the run
   * is still writing; starts it again after {@code downMillis} when that is not negative. True once it stopped.
   */
  private static Thread outage(DatabaseSettings db, String schema, long downMillis, AtomicBoolean stopped) {
    Thread outage = new Thread(() -> {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < deadline) {
        try (Connection c = db.connect()) {
          if (!strings(c, "select 1 from " + schema + ".renders limit 1").isEmpty()) {
            server.stop();
            stopped.set(true);
            if (downMillis >= 0) {
              Thread.sleep(downMillis);
              server.startAgain();
            }
            return;
          }
        } catch (SQLException notYet) {
          // schema not migrated yet
        } catch (InterruptedException e) {
          return;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    outage.start();
    return outage;
  }

  @Test
  void aServerRestartedMidRunIsReconnectedAndEveryRowIsStoredOnce(@TempDir Path out, @TempDir Path secrets)
      throws Exception {
    Path pw = password(secrets);
    String parts = "3001,3003,3004,3010,3020,3021,3022,3023";
    DatabaseSettings db = server.settings("restart");
    AtomicBoolean stopped = new AtomicBoolean();
    Thread outage = outage(db, "restart", 3_000, stopped);
    Manifest m = run(out, pw, "restart", parts, "--embed=false", "--views=8", "--databaseBatchSize=4");
    outage.join();
    org.junit.jupiter.api.Assumptions.assumeTrue(stopped.get(), "the run finished before the server could be stopped");

    assertEquals("partial", m.status(), "render done, embed pending: the run completed through the restart");
    List<RenderRecord> renders = JsonLines.readAll(out.resolve("records"), "renders-", ".jsonl", RenderRecord.class);
    assertEquals(64, renders.size());
    try (Connection c = db.connect()) {
      assertEquals(renders.stream().map(RenderRecord::key).sorted().toList(),
          strings(c, "select render_key from restart.renders order by 1"), "every row, each once");
      assertEquals(List.of("8"), strings(c, "select count(*) from restart.parts"));
      assertEquals(List.of(m.runId() + " " + m.status()),
          strings(c, "select run_id || ' ' || status from restart.runs where run_id = '" + m.runId() + "'"));
    }
  }

  @Test
  void anOutageLongerThanTheRetryWindowFailsTheRunClearlyAndARerunRepairsTheTables(@TempDir Path out,
      @TempDir Path secrets) throws Exception {
    Path pw = password(secrets);
    String parts = "3001,3003,3004,3010,3020,3021,3022,3023";
    DatabaseSettings db = server.settings("outage");
    AtomicBoolean stopped = new AtomicBoolean();
    Thread outage = outage(db, "outage", -1, stopped);
    RuntimeException failure = assertThrows(RuntimeException.class, () -> run(out, pw, "outage", parts,
        "--embed=false", "--views=8", "--databaseBatchSize=4", "--databaseRetrySeconds=2"));
    outage.join();
    if (stopped.get()) server.startAgain();
    assertTrue(stopped.get(), "the server was stopped: " + failure);
    Manifest failed = Manifest.read(out.toString());
    assertEquals("failed", failed.status());
    assertTrue(failed.error().contains("rows to ") && failed.error().contains("(--databaseRetrySeconds)"),
        failed.error());
    assertFalse(failed.error().contains(PostgresServer.PASSWORD));

    Manifest rerun = run(out, pw, "outage", parts, "--embed=false", "--views=8", "--databaseBatchSize=4");
    assertEquals("partial", rerun.status(), "render done, embed pending: the rerun completed");
    List<RenderRecord> renders = JsonLines.readAll(out.resolve("records"), "renders-", ".jsonl", RenderRecord.class);
    assertEquals(64, renders.size());
    try (Connection c = db.connect()) {
      assertEquals(renders.stream().map(RenderRecord::key).sorted().toList(),
          strings(c, "select render_key from outage.renders order by 1"));
      assertEquals(List.of("8"), strings(c, "select count(*) from outage.parts"));
    }
  }

  @Test
  void aRowPostgresCannotStoreBecomesADeadLetterAndTheRunCompletes(@TempDir Path lib, @TempDir Path out,
      @TempDir Path secrets) throws Exception {
    // Part names come from downloaded files; PostgreSQL text cannot hold a NUL character.
    TestLibrary library = new TestLibrary(lib).cube("parts/cube.dat", false, false);
    String cube = Files.readString(lib.resolve("parts/cube.dat"), StandardCharsets.ISO_8859_1);
    library.raw("parts/nulname.dat", cube.replaceFirst("0 Cube", "0 Cube\0with a NUL"));
    List<String> args = List.of("--ldrawDir=" + lib, "--out=" + out, "--parts=cube,nulname", "--views=2",
        "--imageSize=64", "--embed=false", "--database=" + server.jdbcUrl(), "--databaseUser=" + PostgresServer.USER,
        "--databasePasswordFile=" + password(secrets), "--databaseSchema=rejected", "--migrateDatabase=true");
    Manifest manifest = PipelineRuns.run(args.toArray(String[]::new));

    assertEquals("partial", manifest.status(), "render completed, embed pending: the run did not fail");
    List<FailureRecord> failures = JsonLines.read(out.resolve("failures.jsonl"), FailureRecord.class);
    assertEquals(List.of("store nulname parts: parts row nulname: name contains a NUL character"),
        failures.stream().map(f -> f.stage() + " " + f.key() + " " + f.input() + ": " + f.message()).toList());
    assertTrue(JsonLines.read(out.resolve("operation_logs.jsonl"), OperationLogRecord.class).stream()
        .anyMatch(l -> l.stage().equals("store") && l.key().equals("nulname")
            && l.status() == OperationLogRecord.Status.FAILED));
    try (Connection c = server.settings("rejected").connect()) {
      assertEquals(List.of("cube"), strings(c, "select part_id from rejected.parts"));
      assertEquals(List.of("cube/c", "cube/c", "nulname/c", "nulname/c"),
          strings(c, "select split_part(render_key, '/', 1) || '/c' from rejected.renders order by 1"));
    }
  }

  private static Path password(Path dir) throws Exception {
    Path file = dir.resolve("db-password-" + System.nanoTime());
    Files.writeString(file, PostgresServer.PASSWORD + "\n");
    return file;
  }

  /** Render key → vector, from the run's .npy files and their key index. */
  private static Map<String, List<Float>> vectorsFromFiles(Path out) throws Exception {
    Map<String, List<Float>> vectors = new HashMap<>();
    try (Stream<Path> files = Files.list(out.resolve("embeddings"))) {
      for (Path index : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        float[][] rows = Npy.readFloat32(Files.readAllBytes(Path.of(index.toString().replace(".jsonl", ".npy"))));
        for (String line : Files.readAllLines(index)) {
          Map<String, Object> entry = Json.objectMap(line);
          vectors.put((String) entry.get("key"), boxed(rows[((Number) entry.get("row")).intValue()]));
        }
      }
    }
    return vectors;
  }

  private static Map<String, List<Float>> vectorsFromDatabase(Connection c, String schema) throws SQLException {
    Map<String, List<Float>> vectors = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select render_key, vector, dimension from " + schema + ".embeddings")) {
      while (r.next()) {
        Array array = r.getArray(2);
        Float[] values = (Float[]) array.getArray();
        assertEquals(values.length, r.getInt(3));
        vectors.put(r.getString(1), List.of(values));
      }
    }
    return vectors;
  }

  private static List<Float> boxed(float[] v) {
    List<Float> list = new ArrayList<>();
    for (float f : v) list.add(f);
    return list;
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) values.add(r.getString(1));
    }
    return values;
  }
}
