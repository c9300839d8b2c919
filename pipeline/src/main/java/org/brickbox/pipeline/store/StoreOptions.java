package org.brickbox.pipeline.store;

import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Production stores: the PostgreSQL database the sinks write (when {@code --database} is set) and the options
 * of S3-compatible object storage for {@code --out=s3://bucket/prefix} (Beam's {@code --endpoint},
 * {@code --awsRegion}, {@code --awsCredentialsProvider} come from {@link S3Options}). Where things go, not what is
 * built, so none of these enters the options hash.
 */
public interface StoreOptions extends S3Options {
  @Description("PostgreSQL database the run also writes to, as a JDBC URL (e.g. "
      + "jdbc:postgresql://db.xyz.supabase.co:5432/postgres?sslmode=require); empty = files only. The password "
      + "comes from $BRICKBOX_DB_PASSWORD, $PGPASSWORD or --databasePasswordFile, never from the command line.")
  String getDatabase();
  void setDatabase(String value);

  @Description("Database user.")
  String getDatabaseUser();
  void setDatabaseUser(String value);

  @Description("File whose first line is the database password (instead of $BRICKBOX_DB_PASSWORD / $PGPASSWORD).")
  String getDatabasePasswordFile();
  void setDatabasePasswordFile(String value);

  @Description("Database schema holding the BrickBox tables (created by the migrations).")
  @Default.String("brickbox")
  String getDatabaseSchema();
  void setDatabaseSchema(String value);

  @Description("Apply pending schema migrations when the run starts (otherwise a run against an outdated schema "
      + "stops before any work and says to run ./brickbox db migrate).")
  @Default.Boolean(false)
  Boolean getMigrateDatabase();
  void setMigrateDatabase(Boolean value);

  @Description("Rows per database batch (one round trip and one transaction per batch).")
  @Default.Integer(1000)
  Integer getDatabaseBatchSize();
  void setDatabaseBatchSize(Integer value);

  @Description("How long a database sink keeps resending a batch when the connection is lost (a restarted server, "
      + "a failover), reconnecting with growing pauses; rows are upserts, so each is stored once. An outage longer "
      + "than this fails the run, naming the table.")
  @Default.Long(120)
  Long getDatabaseRetrySeconds();
  void setDatabaseRetrySeconds(Long value);

  @Description("S3: address buckets as https://endpoint/bucket/key (path style), as MinIO, s3proxy and other "
      + "S3-compatible servers need with --endpoint; false = virtual-host style (AWS).")
  @Default.Boolean(false)
  Boolean getS3PathStyleAccess();
  void setS3PathStyleAccess(Boolean value);
}
