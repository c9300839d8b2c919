package org.brickbox.io.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.brickbox.io.records.Hashes;

/**
 * Versioned schema migrations: {@code migrations/V<n>__<name>.sql} applied in order, each recorded with its
 * checksum in {@code schema_version}, all in one transaction under an advisory lock so that two runs starting
 * at once do not migrate twice. A migration whose file changed after it was applied stops everything: a
 * schema must never silently differ from what its version says.
 */
public final class Migrations {
  /** In version order. A new migration is a new file added at the end of this list, never an edit of one. */
  static final List<String> FILES = List.of("V1__tables.sql");
  /** The advisory lock key: "BrickBox" as bytes, so it is unlikely to collide with an application's own locks. */
  private static final long LOCK_KEY = 0x427269636b426f78L;

  private Migrations() {}

  /** One migration: version, name and the SQL with the schema filled in. */
  public record Migration(int version, String name, String sql, String checksum) {}

  /** What {@link #migrate} did and what the database holds afterwards. */
  public record Report(List<Integer> applied, int version, PgVector.Support vectors) {}

  public static int latestVersion() {
    return FILES.size();
  }

  static List<Migration> load(String quotedSchema) {
    List<Migration> migrations = new ArrayList<>();
    for (String file : FILES) {
      try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + file)) {
        if (in == null) throw new IllegalStateException("migration " + file + " is missing from the jar");
        String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
        String name = file.substring(file.indexOf("__") + 2, file.length() - ".sql".length());
        // The checksum is of the template, so the same migration applied to another schema has the same one.
        migrations.add(new Migration(version, name, template.replace("${schema}", quotedSchema),
            Hashes.sha256Hex(template)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read migration " + file, e);
      }
    }
    return migrations;
  }

  /** Brings the schema to the latest version (creating it if needed), then enables pgvector where it can. */
  public static Report migrate(DatabaseSettings settings) throws SQLException {
    try (Connection c = settings.connect()) {
      c.setAutoCommit(false);
      try {
        List<Integer> applied = apply(c, settings.quotedSchema());
        c.commit();
        PgVector.Support vectors = PgVector.enable(c, settings.quotedSchema());
        return new Report(applied, latestVersion(), vectors);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static List<Integer> apply(Connection c, String schema) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
      lock.setLong(1, LOCK_KEY);
      lock.execute();
    }
    try (Statement s = c.createStatement()) {
      s.execute("create schema if not exists " + schema);
      s.execute("create table if not exists " + schema + ".schema_version (version integer primary key, "
          + "name text not null, checksum text not null, applied_at timestamptz not null default now())");
    }
    Map<Integer, String> done = appliedChecksums(c, schema);
    List<Integer> applied = new ArrayList<>();
    for (Migration m : load(schema)) {
      String checksum = done.get(m.version());
      if (checksum != null) {
        if (!checksum.equals(m.checksum())) {
          throw new IllegalStateException("migration V" + m.version() + "__" + m.name() + " was changed after it "
              + "was applied to schema " + schema + " (checksum " + checksum + " in schema_version, "
              + m.checksum() + " now); add a new migration instead of editing an applied one");
        }
        continue;
      }
      try (Statement s = c.createStatement()) {
        s.execute(m.sql());
      }
      try (PreparedStatement record = c.prepareStatement(
          "insert into " + schema + ".schema_version (version, name, checksum) values (?, ?, ?)")) {
        record.setInt(1, m.version());
        record.setString(2, m.name());
        record.setString(3, m.checksum());
        record.executeUpdate();
      }
      applied.add(m.version());
    }
    return applied;
  }

  /** Applied version → checksum; empty when the schema or its version table does not exist yet. */
  static Map<Integer, String> appliedChecksums(Connection c, String quotedSchema) throws SQLException {
    Map<Integer, String> applied = new TreeMap<>();
    String unquoted = quotedSchema.substring(1, quotedSchema.length() - 1);
    try (PreparedStatement exists = c.prepareStatement("select 1 from information_schema.tables "
        + "where table_schema = ? and table_name = 'schema_version'")) {
      exists.setString(1, unquoted);
      try (ResultSet r = exists.executeQuery()) {
        if (!r.next()) return applied;
      }
    }
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select version, checksum from " + quotedSchema + ".schema_version")) {
      while (r.next()) applied.put(r.getInt(1), r.getString(2));
    }
    return applied;
  }

  /** The schema's current version (0 = not created), for {@code db status} and the run-start check. */
  public static int currentVersion(Connection c, String quotedSchema) throws SQLException {
    return appliedChecksums(c, quotedSchema).keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
  }
}
