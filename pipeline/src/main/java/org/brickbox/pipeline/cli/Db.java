package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.brickbox.io.db.DatabaseSettings;
import org.brickbox.io.db.Migrations;
import org.brickbox.io.db.PgVector;
import org.brickbox.io.db.StoreTable;
import org.brickbox.pipeline.store.DatabaseSinks;
import org.brickbox.pipeline.store.StoreOptions;

/**
 * {@code ./brickbox db migrate|status --database=... [--databaseUser= --databasePasswordFile= --databaseSchema=]}:
 * the PostgreSQL store's schema, with the same options as {@code run}.
 */
final class Db {
  static final String USAGE = """
      usage: ./brickbox db migrate --database=jdbc:postgresql://HOST:5432/DB [--databaseUser=USER]
                                   [--databasePasswordFile=FILE] [--databaseSchema=brickbox]
             ./brickbox db status  (same options): schema version, pgvector, rows per table
      migrate applies pending schema migrations (in one transaction, under an advisory lock) and enables pgvector
      where the server offers it. The password comes from $BRICKBOX_DB_PASSWORD, $PGPASSWORD or
      --databasePasswordFile.""";

  private Db() {}

  static int run(List<String> args, PrintStream out) throws SQLException {
    if (args.isEmpty()) throw new IllegalArgumentException("which action? (migrate, status)");
    String action = args.get(0);
    StoreOptions options = PipelineOptionsFactory.fromArgs(args.subList(1, args.size()).toArray(String[]::new))
        .withValidation().as(StoreOptions.class);
    if (options.getDatabase() == null) throw new IllegalArgumentException("--database is required (see db --help)");
    DatabaseSettings settings = DatabaseSinks.settings(options);
    switch (action) {
      case "migrate" -> {
        Migrations.Report report = Migrations.migrate(settings);
        out.println("database " + settings.describe() + ": schema version " + report.version()
            + (report.applied().isEmpty() ? " (already current)" : ", applied " + report.applied()));
        out.println(report.vectors().note());
      }
      case "status" -> status(settings, out);
      default -> throw new IllegalArgumentException("unknown db action '" + action + "' (migrate, status)");
    }
    return BrickBoxCli.OK;
  }

  private static void status(DatabaseSettings settings, PrintStream out) throws SQLException {
    try (Connection c = settings.connect()) {
      int version = Migrations.currentVersion(c, settings.quotedSchema());
      out.println("database  " + settings.describe());
      out.println("schema    version " + version + " of " + Migrations.latestVersion()
          + (version == Migrations.latestVersion() ? " (current)" : " (run ./brickbox db migrate)"));
      out.println("pgvector  " + (PgVector.enabledIn(c, settings.schema()) ? "enabled"
          : PgVector.available(c) ? "available, not enabled (db migrate enables it)" : "not installed (real[] only)"));
      if (version == 0) return;
      for (StoreTable table : StoreTable.values()) {
        try (Statement s = c.createStatement();
            ResultSet r = s.executeQuery("select count(*) from " + settings.quotedSchema() + "." + table.tableName())) {
          r.next();
          out.printf("%-15s %,d rows%n", table.tableName(), r.getLong(1));
        }
      }
    }
  }
}
