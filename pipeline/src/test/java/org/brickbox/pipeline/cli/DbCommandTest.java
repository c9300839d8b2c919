package org.brickbox.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.brickbox.io.db.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./brickbox db migrate|status} against a real PostgreSQL server. */
class DbCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int execute(String... args) {
    return new BrickBoxCli(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
  }

  @Test
  void migratesOnceAndReportsTheSchema(@TempDir Path dir) throws Exception {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, PostgresServer.PASSWORD);
    try (PostgresServer server = PostgresServer.start()) {
      String[] db = {"--database=" + server.jdbcUrl(), "--databaseUser=postgres", "--databasePasswordFile=" + pw,
          "--databaseSchema=cli"};
      assertEquals(BrickBoxCli.OK, execute(concat("status", db)));
      assertTrue(out.toString().contains("version 0 of 1 (run ./brickbox db migrate)"), out.toString());
      assertEquals(BrickBoxCli.OK, execute(concat("migrate", db)));
      assertTrue(out.toString().contains("schema version 1, applied [1]"), out.toString());
      assertTrue(out.toString().contains("no pgvector extension"), out.toString());
      assertEquals(BrickBoxCli.OK, execute(concat("migrate", db)));
      assertTrue(out.toString().contains("schema version 1 (already current)"), out.toString());
      assertEquals(BrickBoxCli.OK, execute(concat("status", db)));
      assertTrue(out.toString().contains("version 1 of 1 (current)"), out.toString());
      assertTrue(out.toString().contains("embeddings      0 rows"), out.toString());
      assertFalse((out.toString() + err).contains(PostgresServer.PASSWORD));
    }
    assertEquals(BrickBoxCli.USAGE, execute("db", "status"));
    assertTrue(err.toString().contains("--database is required"), err.toString());
  }

  private static String[] concat(String action, String[] options) {
    String[] args = new String[options.length + 2];
    args[0] = "db";
    args[1] = action;
    System.arraycopy(options, 0, args, 2, options.length);
    return args;
  }
}
