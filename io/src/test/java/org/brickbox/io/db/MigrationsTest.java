package org.brickbox.io.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Migrations against a real PostgreSQL server: creation, reruns, concurrent runs, tampering, upserts. */
class MigrationsTest {
  private static PostgresServer server;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void createsEveryTableOnceAndRecordsTheVersion() throws Exception {
    DatabaseSettings settings = server.settings("created");
    Migrations.Report first = Migrations.migrate(settings);
    assertEquals(List.of(1), first.applied());
    // The embedded server has no pgvector: the fallback keeps real[] and says so.
    assertFalse(first.vectors().available());
    assertFalse(first.vectors().enabled());
    try (Connection c = settings.connect()) {
      assertEquals(List.of("embeddings", "operation_logs", "parts", "qa_metrics", "renders", "runs", "schema_version"),
          strings(c, "select table_name from information_schema.tables where table_schema = 'created' order by 1"));
      assertEquals(List.of("real[]"), strings(c, "select format_type(atttypid, atttypmod) from pg_attribute "
          + "where attrelid = 'created.embeddings'::regclass and attname = 'vector'"));
      assertFalse(PgVector.enabledIn(c, "created"));
      assertEquals(1, Migrations.currentVersion(c, settings.quotedSchema()));
    }
    Migrations.Report again = Migrations.migrate(settings);
    assertEquals(List.of(), again.applied());
    assertEquals(Migrations.latestVersion(), again.version());
  }

  @Test
  void concurrentRunsMigrateOnceUnderTheAdvisoryLock() throws Exception {
    DatabaseSettings settings = server.settings("concurrent");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Migrations.Report>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) runs.add(pool.submit((Callable<Migrations.Report>) () -> Migrations.migrate(settings)));
      int applied = 0;
      for (Future<Migrations.Report> run : runs) applied += run.get().applied().size();
      assertEquals(1, applied);
    } finally {
      pool.shutdown();
    }
    try (Connection c = settings.connect()) {
      assertEquals(List.of("1"), strings(c, "select count(*) from concurrent.schema_version"));
    }
  }

  @Test
  void aChangedMigrationStopsWithTheReason() throws Exception {
    DatabaseSettings settings = server.settings("tampered");
    Migrations.migrate(settings);
    try (Connection c = settings.connect(); Statement s = c.createStatement()) {
      s.execute("update tampered.schema_version set checksum = 'edited' where version = 1");
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Migrations.migrate(settings));
    assertTrue(e.getMessage().contains("V1__tables was changed after it was applied"), e.getMessage());
  }

  @Test
  void upsertsReplaceRowsByKey() throws Exception {
    DatabaseSettings settings = server.settings("upserts");
    Migrations.migrate(settings);
    StoreRow first = embedding("3001/c4/v0", "m1", new float[] {0.6f, 0.8f});
    StoreRow replaced = embedding("3001/c4/v0", "m1", new float[] {0.8f, 0.6f});
    StoreRow otherModel = embedding("3001/c4/v0", "m2", new float[] {1f, 0f});
    try (Connection c = settings.connect()) {
      String sql = StoreTable.EMBEDDINGS.upsertSql(settings.quotedSchema(), false);
      for (StoreRow row : List.of(first, replaced, otherModel)) {
        try (var statement = c.prepareStatement(sql)) {
          StoreTable.EMBEDDINGS.bind(statement, row, false);
          statement.executeUpdate();
        }
      }
      assertEquals(List.of("m1 {0.8,0.6}", "m2 {1,0}"), strings(c,
          "select model_version || ' ' || vector::text from upserts.embeddings order by 1"));
    }
  }

  @Test
  void aWrongPasswordFailsWithoutShowingIt() {
    DatabaseSettings wrong = new DatabaseSettings(server.jdbcUrl(), PostgresServer.USER, "not-" + PostgresServer.PASSWORD,
        "wrong");
    SQLException e = assertThrows(SQLException.class, () -> Migrations.migrate(wrong));
    assertFalse(e.getMessage().contains(PostgresServer.PASSWORD), e.getMessage());
    assertFalse(wrong.toString().contains(PostgresServer.PASSWORD), wrong.toString());
  }

  static StoreRow embedding(String key, String modelVersion, float[] vector) {
    return new StoreRow(StoreTable.EMBEDDINGS, key,
        List.of(key, modelVersion, "builtin", "3001", vector.length, vector, "run-1"));
  }

  static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) values.add(r.getString(1));
    }
    return values;
  }
}
