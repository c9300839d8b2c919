package org.brickbox.pipeline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.brickbox.io.db.DatabaseSettings;
import org.brickbox.io.db.StoreRow;
import org.brickbox.io.db.StoreTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upserts rows into one table in batches, one connection per DoFn instance, and rides out a database restart:
 * when the connection is lost (or the server is shutting down, starting up, or a transaction hit a deadlock or
 * serialization failure) the batch is rolled back, the connection dropped, and the whole batch sent again on a new
 * connection after a growing pause ({@link #FIRST_PAUSE_MS} doubling to {@link #MAX_PAUSE_MS}) until
 * {@code retrySeconds} have passed. The statements are idempotent upserts, so a batch sent twice (its commit lost
 * with the connection) still leaves every row exactly once. Anything else, or an outage longer than the window,
 * fails the bundle with the table, the batch size and the cause.
 */
final class UpsertBatchesFn extends DoFn<StoreRow, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(UpsertBatchesFn.class);
  static final long FIRST_PAUSE_MS = 250;
  static final long MAX_PAUSE_MS = 8_000;
  /** Deadlock, serialization failure, lock timeout; admin shutdown, crash shutdown, cannot connect now. */
  private static final Set<String> RETRIED_STATES = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03");

  private final StoreTable table;
  private final DatabaseSettings settings;
  private final boolean pgvector;
  private final int batchSize;
  private final long retrySeconds;
  private final Counter reconnects;
  private transient List<StoreRow> batch;
  private transient Connection connection;

  UpsertBatchesFn(StoreTable table, DatabaseSettings settings, boolean pgvector, int batchSize, long retrySeconds) {
    this.table = table;
    this.settings = settings;
    this.pgvector = pgvector;
    this.batchSize = batchSize;
    this.retrySeconds = retrySeconds;
    this.reconnects = Metrics.counter("store", "reconnects");
  }

  @StartBundle
  public void startBundle() {
    batch = new ArrayList<>();
  }

  @ProcessElement
  public void process(@Element StoreRow row) throws SQLException, InterruptedException {
    batch.add(row);
    if (batch.size() >= batchSize) flush();
  }

  @FinishBundle
  public void finishBundle() throws SQLException, InterruptedException {
    flush();
  }

  @Teardown
  public void teardown() {
    closeQuietly();
  }

  /** Whether an error of this kind may pass if the batch is sent again (on a new connection). */
  static boolean retried(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLRecoverableException || e instanceof SQLTransientException
        || state != null && (state.startsWith("08") || RETRIED_STATES.contains(state));
  }

  private void flush() throws SQLException, InterruptedException {
    if (batch.isEmpty()) return;
    long deadline = System.nanoTime() + retrySeconds * 1_000_000_000L;
    long pause = FIRST_PAUSE_MS;
    for (int attempt = 1; ; attempt++) {
      try {
        if (connection == null) {
          connection = settings.connect();
          connection.setAutoCommit(false);
        }
        try (PreparedStatement statement = connection.prepareStatement(table.upsertSql(settings.quotedSchema(),
            pgvector))) {
          for (StoreRow row : batch) {
            table.bind(statement, row, pgvector);
            statement.addBatch();
          }
          statement.executeBatch();
        }
        connection.commit();
        batch.clear();
        return;
      } catch (SQLException e) {
        closeQuietly();
        // A failed batch reports the whole statement with its values; the next exception holds the reason alone.
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        if (!retried(cause) || System.nanoTime() + pause * 1_000_000L > deadline) {
          throw new SQLException("cannot write " + batch.size() + " rows to " + table.tableName() + " of "
              + settings.describe() + (attempt > 1 ? " after " + attempt + " attempts in " + retrySeconds
                  + " s (--databaseRetrySeconds)" : "") + ": " + cause.getMessage(), cause.getSQLState(), e);
        }
        LOG.warn("{} rows for {}: {} (SQL state {}); reconnecting in {} ms, attempt {}", batch.size(),
            table.tableName(), cause.getMessage(), cause.getSQLState(), pause, attempt + 1);
        reconnects.inc();
        Thread.sleep(pause);
        pause = Math.min(MAX_PAUSE_MS, pause * 2);
      }
    }
  }

  /** Rolls back what the lost or failed transaction held and drops the connection; a new one is opened on use. */
  private void closeQuietly() {
    if (connection == null) return;
    try {
      if (!connection.isClosed()) connection.rollback();
    } catch (SQLException ignored) {
      // the connection is gone with the server; nothing to roll back on this side
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing a connection to a server that went away; dropped either way
    }
    connection = null;
  }
}
