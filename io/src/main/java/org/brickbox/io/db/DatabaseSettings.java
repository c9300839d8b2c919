package org.brickbox.io.db;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where the PostgreSQL store is and how to log in. The password is read from the environment
 * ({@code BRICKBOX_DB_PASSWORD}, then {@code PGPASSWORD}) or a file, never from the command line, and
 * {@link #toString()} never shows it. Serializable because the sinks carry it to the workers.
 */
public record DatabaseSettings(String url, String user, String password, String schema) implements Serializable {
  public static final String DEFAULT_SCHEMA = "brickbox";
  /** Schema names go into SQL text (identifiers cannot be bound), so only plain lower-case names are taken. */
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public DatabaseSettings {
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--database must be a PostgreSQL JDBC URL such as "
          + "jdbc:postgresql://host:5432/postgres, was '" + redact(url) + "'");
    }
    if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException("--databaseSchema must be a lower-case identifier ([a-z_][a-z0-9_]*), was '"
          + schema + "'");
    }
  }

  /**
   * Settings from options and the environment: the password from {@code passwordFile} when given (first line,
   * trimmed), else {@code BRICKBOX_DB_PASSWORD}, else {@code PGPASSWORD}, else none (trust or .pgpass).
   */
  public static DatabaseSettings resolve(String url, String user, String passwordFile, String schema,
      Map<String, String> environment) {
    String password;
    if (passwordFile != null && !passwordFile.isBlank()) {
      try {
        password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
      } catch (IOException e) {
        throw new IllegalArgumentException("--databasePasswordFile cannot be read: " + passwordFile, e);
      }
    } else {
      password = environment.getOrDefault("BRICKBOX_DB_PASSWORD", environment.get("PGPASSWORD"));
    }
    return new DatabaseSettings(url, user, password, schema == null ? DEFAULT_SCHEMA : schema);
  }

  /** The schema as it goes into SQL text: quoted, and safe because it matched {@link #IDENTIFIER}. */
  public String quotedSchema() {
    return '"' + schema + '"';
  }

  /**
   * Driver properties of every BrickBox connection: its name in pg_stat_activity, and batches of inserts sent
   * as multi-row statements (one round trip per batch instead of one per row).
   */
  public static final String CONNECTION_PROPERTIES = "ApplicationName=brickbox;reWriteBatchedInserts=true";

  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    for (String property : CONNECTION_PROPERTIES.split(";")) {
      properties.setProperty(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
    }
    if (user != null) properties.setProperty("user", user);
    if (password != null) properties.setProperty("password", password);
    return DriverManager.getConnection(url, properties);
  }

  /** The URL without any password someone put into it, for messages. */
  public String describe() {
    return redact(url) + " schema " + schema + (user == null ? "" : " as " + user);
  }

  @Override
  public String toString() {
    return "DatabaseSettings[" + describe() + ", password " + (password == null ? "none" : "set") + "]";
  }

  /** JDBC URLs may carry {@code password=...}; messages show it masked. */
  static String redact(String url) {
    return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
