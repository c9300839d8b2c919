package org.brickbox.stages.embed;

import java.io.Serializable;
import org.brickbox.embed.DjlEngine;
import org.brickbox.embed.ModelSpec;

/**
 * What the embed stage needs on a worker.
 *
 * @param batchSize images per forward pass
 * @param maxBufferingMs longest an incomplete batch waits for more images before it is embedded anyway
 * @param batchKeys how many keys images are spread over for batching: the parallelism of batch assembly, and
 *     the most incomplete batches a run can end with
 */
public record EmbedConfig(ModelSpec model, int batchSize, long maxBufferingMs, int batchKeys, DjlEngine engine)
    implements Serializable {
  public EmbedConfig {
    if (batchSize < 1 || batchSize > 4096) throw new IllegalArgumentException("--embedBatchSize must be 1..4096, was " + batchSize);
    if (maxBufferingMs < 1) throw new IllegalArgumentException("--embedMaxBufferingMs must be >= 1, was " + maxBufferingMs);
    if (batchKeys < 1) throw new IllegalArgumentException("--embedBatchKeys must be >= 1, was " + batchKeys);
  }
}
