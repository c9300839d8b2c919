package org.brickbox.io.db;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The tables the sinks write, as created by the migrations: columns in bind order, the key a row is upserted on,
 * and the one statement that writes a row. Every value is a bound parameter; only the (validated) schema name and
 * these fixed column names are SQL text.
 */
public enum StoreTable {
  PARTS("parts", List.of("part_id"), List.of(
      col("part_id", Kind.TEXT, false), col("name", Kind.TEXT, false), col("category", Kind.TEXT, true),
      col("library_version", Kind.TEXT, true), col("closure_hash", Kind.TEXT, true), col("run_id", Kind.TEXT, false))),
  RENDERS("renders", List.of("render_key"), List.of(
      col("render_key", Kind.TEXT, false), col("part_id", Kind.TEXT, false), col("colour_code", Kind.INT, false),
      col("colour_name", Kind.TEXT, true), col("view_index", Kind.INT, false), col("seed", Kind.BIGINT, false),
      col("image_uri", Kind.TEXT, false), col("mask_uri", Kind.TEXT, true), col("format", Kind.TEXT, false),
      col("width", Kind.INT, false), col("height", Kind.INT, false), col("camera", Kind.JSONB, false),
      col("image_sha256", Kind.TEXT, false), col("mask_sha256", Kind.TEXT, true), col("closure_hash", Kind.TEXT, true),
      col("settings_hash", Kind.TEXT, true), col("renderer_version", Kind.TEXT, true), col("run_id", Kind.TEXT, false))),
  EMBEDDINGS("embeddings", List.of("render_key", "model_version"), List.of(
      col("render_key", Kind.TEXT, false), col("model_version", Kind.TEXT, false), col("model", Kind.TEXT, false),
      col("part_id", Kind.TEXT, false), col("dimension", Kind.INT, false), col("vector", Kind.REAL_ARRAY, false),
      col("run_id", Kind.TEXT, false))),
  QA_METRICS("qa_metrics", List.of("render_key"), List.of(
      col("render_key", Kind.TEXT, false), col("run_id", Kind.TEXT, false), col("passed", Kind.BOOLEAN, false),
      col("reasons", Kind.TEXT_ARRAY, false), col("metrics", Kind.JSONB, false))),
  OPERATION_LOGS("operation_logs", List.of("log_id"), List.of(
      col("log_id", Kind.TEXT, false), col("run_id", Kind.TEXT, false), col("logged_at", Kind.TIMESTAMPTZ, false),
      col("stage", Kind.TEXT, true), col("operation", Kind.TEXT, false), col("key", Kind.TEXT, true),
      col("status", Kind.TEXT, false), col("worker", Kind.TEXT, true), col("metadata", Kind.JSONB, true),
      col("duration_ms", Kind.BIGINT, false), col("error", Kind.TEXT, true))),
  RUNS("runs", List.of("run_id"), List.of(
      col("run_id", Kind.TEXT, false), col("status", Kind.TEXT, false), col("created_at", Kind.TIMESTAMPTZ, true),
      col("output_dir", Kind.TEXT, true), col("options_hash", Kind.TEXT, true), col("manifest", Kind.JSONB, false)));

  /** How a value is bound and cast. */
  public enum Kind { TEXT, INT, BIGINT, BOOLEAN, JSONB, TIMESTAMPTZ, REAL_ARRAY, TEXT_ARRAY }

  public record Column(String name, Kind kind, boolean nullable) {}

  private final String tableName;
  private final List<String> key;
  private final List<Column> columns;

  StoreTable(String tableName, List<String> key, List<Column> columns) {
    this.tableName = tableName;
    this.key = key;
    this.columns = columns;
  }

  private static Column col(String name, Kind kind, boolean nullable) {
    return new Column(name, kind, nullable);
  }

  public String tableName() {
    return tableName;
  }

  public List<Column> columns() {
    return columns;
  }

  /**
   * The idempotent upsert: insert, or on the key replace every column (log rows, named by their content, are
   * left as they are). {@code pgvector} adds the
   * {@code embedding vector} column (embeddings only), bound to the same array as {@code vector}.
   */
  public String upsertSql(String quotedSchema, boolean pgvector) {
    List<String> names = new ArrayList<>();
    List<String> params = new ArrayList<>();
    for (Column c : columns) {
      names.add(c.name());
      params.add(switch (c.kind()) {
        case JSONB -> "cast(? as jsonb)";
        case TIMESTAMPTZ -> "cast(? as timestamptz)";
        default -> "?";
      });
    }
    boolean vectorColumn = pgvector && this == EMBEDDINGS;
    if (vectorColumn) {
      names.add("embedding");
      params.add("cast(? as vector)");
    }
    String insert = "insert into " + quotedSchema + "." + tableName + " as " + tableName + " (" + String.join(", ", names)
        + ") values (" + String.join(", ", params) + ") on conflict (" + String.join(", ", key) + ") do ";
    // A log row's id is a hash of its content: the same id is the same row, and a batch may hold it twice.
    if (this == OPERATION_LOGS) return insert + "nothing";
    List<String> updates = new ArrayList<>();
    for (String n : names) if (!key.contains(n)) updates.add(n + " = excluded." + n);
    if (this == RENDERS) {
      // A re-rendered image with other bytes needs QA again; the same bytes keep their verdict.
      updates.add("qa_status = case when " + tableName + ".image_sha256 = excluded.image_sha256 then "
          + tableName + ".qa_status else 'pending' end");
    }
    updates.add("updated_at = now()");
    return insert + "update set " + String.join(", ", updates);
  }

  /** Binds {@code row} to a statement made from {@link #upsertSql}. */
  public void bind(PreparedStatement statement, StoreRow row, boolean pgvector) throws SQLException {
    List<Object> values = row.values();
    for (int c = 0; c < columns.size(); c++) bind(statement, c + 1, columns.get(c).kind(), values.get(c));
    if (pgvector && this == EMBEDDINGS) {
      bind(statement, columns.size() + 1, Kind.REAL_ARRAY, values.get(columns.indexOf(col("vector", Kind.REAL_ARRAY, false))));
    }
  }

  private static void bind(PreparedStatement s, int index, Kind kind, Object value) throws SQLException {
    if (value == null) {
      s.setNull(index, switch (kind) {
        case INT -> Types.INTEGER;
        case BIGINT -> Types.BIGINT;
        case BOOLEAN -> Types.BOOLEAN;
        case REAL_ARRAY, TEXT_ARRAY -> Types.ARRAY;
        default -> Types.VARCHAR;
      });
      return;
    }
    switch (kind) {
      case INT -> s.setInt(index, (Integer) value);
      case BIGINT -> s.setLong(index, ((Number) value).longValue());
      case BOOLEAN -> s.setBoolean(index, (Boolean) value);
      case REAL_ARRAY -> s.setArray(index, array(s, "float4", value));
      case TEXT_ARRAY -> s.setArray(index, array(s, "text", value));
      default -> s.setString(index, (String) value);
    }
  }

  private static Array array(PreparedStatement s, String type, Object value) throws SQLException {
    // PgJDBC takes primitive float[] directly (sent as one binary array, not boxed element by element).
    return s.getConnection().unwrap(PGConnection.class).createArrayOf(type, value);
  }
}
