package org.brickbox.io.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Optional pgvector support. {@code embeddings.vector} ({@code real[]}) always holds the vector; where the server
 * offers the {@code vector} extension, an {@code embedding vector} column mirrors it with an HNSW cosine index per
 * dimension (a partial index on {@code dimension = N} over {@code embedding::vector(N)}, since one column holds
 * every model's vectors). A server without pgvector, or a role that may not create it, keeps {@code real[]} only.
 */
public final class PgVector {
  /** The dimension of the built-in model; its index is created up front. */
  static final int DEFAULT_DIMENSION = 512;

  private PgVector() {}

  /** Whether the server offers pgvector, whether this schema uses it, and why not when it does not. */
  public record Support(boolean available, boolean enabled, String note) {}

  public static boolean available(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select 1 from pg_available_extensions where name = 'vector'")) {
      return r.next();
    }
  }

  /** True when the schema's embeddings table has the pgvector column, i.e. the sink must fill it. */
  public static boolean enabledIn(Connection c, String schema) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select 1 from information_schema.columns "
        + "where table_schema = ? and table_name = 'embeddings' and column_name = 'embedding'")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** The statements that add the column and one index per dimension; idempotent. */
  public static List<String> enableStatements(String quotedSchema, Iterable<Integer> dimensions) {
    List<String> sql = new ArrayList<>();
    sql.add("create extension if not exists vector");
    sql.add("alter table " + quotedSchema + ".embeddings add column if not exists embedding vector");
    for (int d : dimensions) {
      if (d < 1 || d > 2000) continue; // pgvector's HNSW index takes at most 2000 dimensions
      sql.add("create index if not exists embeddings_hnsw_" + d + " on " + quotedSchema + ".embeddings using hnsw "
          + "((embedding::vector(" + d + ")) vector_cosine_ops) where dimension = " + d);
    }
    return sql;
  }

  /** Enables pgvector for the schema when the server has it; commits, or rolls back and says why. */
  static Support enable(Connection c, String quotedSchema) throws SQLException {
    if (!available(c)) {
      return new Support(false, false, "the server has no pgvector extension: vectors are stored as real[] only");
    }
    TreeSet<Integer> dimensions = new TreeSet<>(List.of(DEFAULT_DIMENSION));
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select distinct dimension from " + quotedSchema + ".embeddings")) {
      while (r.next()) dimensions.add(r.getInt(1));
    }
    Savepoint before = c.setSavepoint();
    try (Statement s = c.createStatement()) {
      for (String sql : enableStatements(quotedSchema, dimensions)) s.execute(sql);
      // Rows written before pgvector was enabled get their vector column too.
      s.execute("update " + quotedSchema + ".embeddings set embedding = vector::vector where embedding is null");
      c.commit();
      return new Support(true, true, "pgvector enabled: HNSW cosine index for dimensions " + dimensions);
    } catch (SQLException e) {
      // Typically a role that may not create extensions (ask the owner to run: create extension vector).
      c.rollback(before);
      c.commit();
      return new Support(true, false, "pgvector is available but could not be enabled (" + e.getMessage()
          + "): vectors are stored as real[] only");
    }
  }
}
