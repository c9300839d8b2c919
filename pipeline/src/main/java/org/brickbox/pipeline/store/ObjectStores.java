package org.brickbox.pipeline.store;

import org.apache.beam.sdk.io.FileSystems;

/** Prepares the launching JVM for outputs on object storage (s3://...), before it reads or plans anything there. */
public final class ObjectStores {
  private ObjectStores() {}

  /**
   * Selects path-style addressing when asked, and registers Beam's file systems with these options: the launcher
   * reads the output directory (a previous run, for incremental rebuilds) before the pipeline itself would.
   */
  public static void prepare(StoreOptions options) {
    PathStyleS3ClientBuilderFactory.configure(options);
    FileSystems.setDefaultPipelineOptions(options);
  }
}
