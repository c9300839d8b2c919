package org.brickbox.embed;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
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
 * @param placement where models run: the GPU when there is one, the CPU, or a GPU required
 */
public record DjlEngine(String cacheDir, int threads, Placement placement) implements Serializable {
  public static final String ENGINE = "PyTorch";
  private static boolean started;

  /**
   * {@code AUTO}: the GPU when the engine sees one, else the CPU. {@code GPU}: a GPU or a clear error, for GPU
   * workers that must never fall back to the CPU unnoticed (tens of times slower). {@code CPU}: always the CPU.
   */
  public enum Placement { AUTO, CPU, GPU }

  public DjlEngine {
    if (placement == null) placement = Placement.AUTO;
  }

  public DjlEngine(String cacheDir, int threads) {
    this(cacheDir, threads, Placement.AUTO);
  }

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

  /**
   * The device of {@link #placement}: the engine sees a GPU when CUDA natives are on the class path ({@code mvn
   * -Pcuda}) and a CUDA device is visible to this process.
   *
   * @throws IllegalStateException for {@code GPU} when the engine sees none, saying which of the two is missing
   */
  public Device device() {
    Engine engine = start();
    int gpus = engine.getGpuCount();
    return switch (placement) {
      case CPU -> Device.cpu();
      case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
      case GPU -> {
        if (gpus == 0) {
          throw new IllegalStateException("a GPU is required (--embedDevice=GPU) but " + ENGINE + " "
              + engine.getVersion() + " sees none: " + (engine.hasCapability(StandardCapabilities.CUDA)
                  ? "no CUDA device is visible to this process (driver, CUDA_VISIBLE_DEVICES)"
                  : "these are CPU-only PyTorch natives; build with mvn -Pcuda for the CUDA ones"));
        }
        yield Device.gpu();
      }
    };
  }

  public static Map<String, String> describe(Engine engine, Device device) {
    Map<String, String> m = new TreeMap<>();
    m.put("engine", engine.getEngineName());
    m.put("engineVersion", engine.getVersion());
    m.put("djl", Engine.getDjlVersion());
    m.put("device", device.toString());
    m.put("gpus", Integer.toString(engine.getGpuCount()));
    m.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
    return m;
  }
}
