package org.brickbox.io.db;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row for a {@link StoreTable}: the key that names it (for dead letters and logs) and its column values in
 * the table's column order. Values are String, Integer, Long, Boolean, float[] or String[] (null allowed).
 */
public record StoreRow(StoreTable table, String key, List<Object> values) implements Serializable {
  public StoreRow {
    if (values.size() != table.columns().size()) {
      throw new IllegalArgumentException(table.tableName() + " has " + table.columns().size() + " columns, row "
          + key + " has " + values.size() + " values");
    }
  }

  /** By content, arrays included: Beam's coders check that a decoded copy equals the original. */
  @Override
  public boolean equals(Object other) {
    return other instanceof StoreRow that && table == that.table && key.equals(that.key)
        && Arrays.deepEquals(values.toArray(), that.values.toArray());
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, key, Arrays.deepHashCode(values.toArray()));
  }

  /**
   * Why PostgreSQL would reject this row as data (not as an outage), or null when it would not: NUL characters
   * in text (part names and metadata come from downloaded files) and vectors with non-finite components.
   */
  public String rejectReason() {
    for (int i = 0; i < values.size(); i++) {
      String column = table.columns().get(i).name();
      Object v = values.get(i);
      if (v instanceof String s && s.indexOf('\0') >= 0) return column + " contains a NUL character";
      if (v instanceof String[] array) {
        for (String s : array) if (s != null && s.indexOf('\0') >= 0) return column + " contains a NUL character";
      }
      if (v instanceof float[] vector) {
        for (int j = 0; j < vector.length; j++) {
          if (!Float.isFinite(vector[j])) return column + "[" + j + "] is " + vector[j];
        }
      }
      if (v == null && !table.columns().get(i).nullable()) return column + " is missing";
    }
    return null;
  }
}
