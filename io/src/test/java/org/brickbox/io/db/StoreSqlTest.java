package org.brickbox.io.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL the stores run, without a server: upserts, the pgvector path, row checks, settings. */
class StoreSqlTest {
  @Test
  void upsertsBindEveryValueAndUpdateOnTheKey() {
    String sql = StoreTable.EMBEDDINGS.upsertSql("\"bb\"", false);
    assertEquals("insert into \"bb\".embeddings as embeddings (render_key, model_version, model, part_id, dimension, "
        + "vector, run_id) values (?, ?, ?, ?, ?, ?, ?) on conflict (render_key, model_version) do update set "
        + "model = excluded.model, part_id = excluded.part_id, dimension = excluded.dimension, "
        + "vector = excluded.vector, run_id = excluded.run_id, updated_at = now()", sql);
  }

  @Test
  void thePgvectorPathAlsoFillsTheVectorColumn() {
    String sql = StoreTable.EMBEDDINGS.upsertSql("\"bb\"", true);
    assertTrue(sql.contains("run_id, embedding) values (?, ?, ?, ?, ?, ?, ?, cast(? as vector))"), sql);
    assertTrue(sql.contains("embedding = excluded.embedding"), sql);
    // Only embeddings have a vector column.
    assertFalse(StoreTable.RENDERS.upsertSql("\"bb\"", true).contains("vector"));
    assertEquals(List.of(
        "create extension if not exists vector",
        "alter table \"bb\".embeddings add column if not exists embedding vector",
        "create index if not exists embeddings_hnsw_512 on \"bb\".embeddings using hnsw "
            + "((embedding::vector(512)) vector_cosine_ops) where dimension = 512"),
        PgVector.enableStatements("\"bb\"", List.of(512, 4000)));
  }

  @Test
  void reRenderedImagesGoBackToPendingQa() {
    String sql = StoreTable.RENDERS.upsertSql("\"bb\"", false);
    assertTrue(sql.contains("qa_status = case when renders.image_sha256 = excluded.image_sha256 then "
        + "renders.qa_status else 'pending' end"), sql);
    assertTrue(sql.contains("camera) ") || sql.contains("cast(? as jsonb)"), sql);
  }

  @Test
  void rowsPostgresWouldRejectAreNamed() {
    assertNull(MigrationsTest.embedding("k", "m", new float[] {1f}).rejectReason());
    assertEquals("vector[1] is NaN", MigrationsTest.embedding("k", "m", new float[] {1f, Float.NaN}).rejectReason());
    StoreRow part = new StoreRow(StoreTable.PARTS, "3001", java.util.Arrays.asList("3001", "Brick\0 2 x 4", "Brick",
        "2206", "h", "run"));
    assertEquals("name contains a NUL character", part.rejectReason());
    StoreRow missing = new StoreRow(StoreTable.PARTS, "3001", java.util.Arrays.asList("3001", null, null, null, null, "r"));
    assertEquals("name is missing", missing.rejectReason());
    assertThrows(IllegalArgumentException.class, () -> new StoreRow(StoreTable.PARTS, "x", List.of("only one")));
  }

  @Test
  void passwordsComeFromAFileOrTheEnvironmentAndAreNeverShown(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "from-file\n");
    String url = "jdbc:postgresql://db.example:5432/postgres";
    assertEquals("from-file", DatabaseSettings.resolve(url, "u", file.toString(), null,
        Map.of("BRICKBOX_DB_PASSWORD", "from-env")).password());
    assertEquals("from-env", DatabaseSettings.resolve(url, "u", null, null,
        Map.of("BRICKBOX_DB_PASSWORD", "from-env", "PGPASSWORD", "pg")).password());
    DatabaseSettings pg = DatabaseSettings.resolve(url, "u", null, "s1", Map.of("PGPASSWORD", "pg-secret"));
    assertEquals("pg-secret", pg.password());
    assertEquals("brickbox", DatabaseSettings.resolve(url, "u", null, null, Map.of()).schema());
    assertFalse(pg.toString().contains("pg-secret"), pg.toString());
    assertEquals("jdbc:postgresql://h/db?user=u&password=***&ssl=true schema s1",
        new DatabaseSettings("jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true", null, null, "s1").describe());
  }

  @Test
  void schemaNamesAreCheckedBeforeTheyReachSql() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DatabaseSettings("jdbc:postgresql://h/db", null, null, "x\"; drop table y; --"));
    assertTrue(e.getMessage().contains("--databaseSchema"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DatabaseSettings("jdbc:mysql://h/db", null, null, "s"));
  }
}
