package org.brickbox.embed;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Process-wide DJL settings, applied once before the PyTorch engine starts: offline mode (natives come from the
 * Maven jars on the class path, nothing is downloaded), where natives are extracted (DJL_CACHE_DIR /
 * ENGINE_CACHE_DIR; default ~/.djl.ai, about 430 MB once per cache directory) and PyTorch's thread counts; NNPACK
 * is switched off once the engine is loaded ({@link TorchSettings}: no warning on CPUs it does not support).
 *
 * @param cacheDir native cache directory, or null for DJL's default
 * @param threads PyTorch intra-op threads, or 0 for PyTorch's default (one per core)
 */
public record DjlEngine(String cacheDir, int threads) implements Serializable {
  public static final String ENGINE = "PyTorch";
  private static boolean started;

  public static DjlEngine defaults() {
    return new DjlEngine(null, 0);
  }

  /** Applies the settings (first caller wins: the engine reads them once) and returns the engine. */
  public synchronized Engine start() {
    if (!started) {
      if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
      if (cacheDir != null && !cacheDir.isBlank()) {
        System.setProperty("DJL_CACHE_DIR", cacheDir);
        System.setProperty("ENGINE_CACHE_DIR", cacheDir);
      }
      if (threads > 0) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
      }
      started = true;
      Engine engine = Engine.getEngine(ENGINE);
      TorchSettings.disableNnpack();
      return engine;
    }
    return Engine.getEngine(ENGINE);
  }

  /** The GPU when the engine sees one (CUDA natives on the class path and a device present), else the CPU. */
  public Device device() {
    Engine engine = start();
    return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }

  public static Map<String, String> describe(Engine engine, Device device) {
    Map<String, String> m = new TreeMap<>();
    m.put("engine", engine.getEngineName());
    m.put("engineVersion", engine.getVersion());
    m.put("djl", Engine.getDjlVersion());
    m.put("device", device.toString());
    m.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
    return m;
  }
}
