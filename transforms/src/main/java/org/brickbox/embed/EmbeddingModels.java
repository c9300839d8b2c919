package org.brickbox.embed;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model per JVM and spec, shared by every DoFn instance and thread: {@link #acquire} in
 * {@code @Setup}, {@link #release} in {@code @Teardown}; the model is closed when its last user releases it.
 */
public final class EmbeddingModels {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingModels.class);
  private static final Map<String, Entry> MODELS = new HashMap<>();

  private EmbeddingModels() {}

  private static final class Entry {
    final EmbeddingModel model;
    int users;

    Entry(EmbeddingModel model) {
      this.model = model;
    }
  }

  public static synchronized EmbeddingModel acquire(ModelSpec spec, DjlEngine engine) {
    Entry e = MODELS.computeIfAbsent(spec.toString(), k -> {
      EmbeddingModel model = EmbeddingModel.load(spec, engine);
      // Once per worker JVM: the line that tells a cluster's operator which device its workers embed on.
      LOG.info("embedding model {} ({}) loaded on {} ({})", spec, model.info().version(), model.device(),
          model.engineInfo());
      return new Entry(model);
    });
    e.users++;
    return e.model;
  }

  public static synchronized void release(EmbeddingModel model) {
    MODELS.entrySet().removeIf(e -> {
      if (e.getValue().model != model) return false;
      if (--e.getValue().users > 0) return false;
      model.close();
      return true;
    });
  }

  /** How many models are loaded now (for tests of the lifecycle). */
  public static synchronized int loaded() {
    return MODELS.size();
  }
}
