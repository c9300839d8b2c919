package org.brickbox.embed;

import java.io.Serializable;

/**
 * Identity of an embedding model, recorded with every vector and in the run manifest.
 *
 * @param spec the {@code --model} value, normalised
 * @param dimension embedding size, or -1 when only known after loading (TorchScript)
 */
public record ModelInfo(String spec, String name, String version, int dimension, Preprocessing preprocessing)
    implements Serializable {
  static ModelInfo of(ModelSpec spec, ModelManifest m) {
    return new ModelInfo(spec.toString(), m.name(), m.version(), m.embeddingSize(), m.preprocessing());
  }
}
