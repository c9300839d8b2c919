package org.brickbox.pipeline.store;

import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Beam's S3 client with path-style addressing, which Beam's options do not offer and S3-compatible servers need. */
public final class PathStyleS3ClientBuilderFactory extends DefaultS3ClientBuilderFactory {
  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    return super.createBuilder(options).forcePathStyle(true);
  }

  /** Selects this factory when {@code --s3PathStyleAccess=true}; a factory the user chose is left alone. */
  public static void configure(StoreOptions options) {
    if (options.getS3PathStyleAccess() && options.getS3ClientFactoryClass() == DefaultS3ClientBuilderFactory.class) {
      options.setS3ClientFactoryClass(PathStyleS3ClientBuilderFactory.class);
    }
  }
}
