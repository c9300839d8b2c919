package org.brickbox.embed;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.brickbox.io.files.LargeFiles;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.Json;

/**
 * A loaded embedding model: thread-safe, shared by every thread of a JVM; each thread takes its own
 * {@link Embedder} (a DJL predictor). Built-in and {@code brickbox:} models are DJL blocks whose parameters are
 * loaded from {@code embedder.params}; {@code torchscript:} models are loaded by the PyTorch engine from the file.
 */
public final class EmbeddingModel implements AutoCloseable {
  private final ModelSpec spec;
  private final Model model;
  private final Preprocessing preprocessing;
  private final int dimension;
  private final String name;
  private final String version;
  private final Device device;
  private final Map<String, String> engineInfo;

  private EmbeddingModel(ModelSpec spec, Model model, Preprocessing preprocessing, int dimension, String name,
      String version, Device device) {
    this.spec = spec;
    this.model = model;
    this.preprocessing = preprocessing;
    this.dimension = dimension;
    this.name = name;
    this.version = version;
    this.device = device;
    this.engineInfo = DjlEngine.describe(Engine.getEngine(DjlEngine.ENGINE), device);
  }

  /** What a spec names, read without starting the engine: for manifests and for the launcher. */
  public static ModelInfo describe(ModelSpec spec) {
    return switch (spec.kind()) {
      case BUILTIN -> ModelInfo.of(spec, BuiltinModel.manifest(spec.location()));
      case BRICKBOX -> ModelInfo.of(spec, readManifest(Path.of(spec.location())));
      case TORCHSCRIPT -> {
        Path file = Path.of(spec.location());
        try {
          String hash = Hashes.sha256Hex(LargeFiles.read(file));
          String base = file.getFileName().toString().replaceFirst("\\.(pt|pth|torchscript)$", "");
          yield new ModelInfo(spec.toString(), base, base + "-" + hash.substring(0, 12), -1,
              spec.torchScriptPreprocessing());
        } catch (IOException e) {
          throw new IllegalArgumentException("--model: cannot read TorchScript file " + file + ": " + e.getMessage(), e);
        }
      }
    };
  }

  /** The training record of a model BrickBox trained (built-in or {@code brickbox:DIR}); null for TorchScript. */
  public static ModelManifest trainingRecord(ModelSpec spec) {
    return switch (spec.kind()) {
      case BUILTIN -> BuiltinModel.manifest(spec.location());
      case BRICKBOX -> readManifest(Path.of(spec.location()));
      case TORCHSCRIPT -> null;
    };
  }

  public static EmbeddingModel load(ModelSpec spec, DjlEngine engine) {
    Device device = engine.device();
    try {
      return switch (spec.kind()) {
        case BUILTIN, BRICKBOX -> {
          try (InputStream params = parameters(spec)) {
            yield fromParams(spec, trainingRecord(spec), params, device);
          }
        }
        case TORCHSCRIPT -> torchScript(spec, device);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load embedding model " + spec + ": " + e.getMessage(), e);
    } catch (MalformedModelException e) {
      throw new IllegalArgumentException("embedding model " + spec + " is malformed: " + e.getMessage(), e);
    }
  }

  /** The embedder's saved parameters of a model BrickBox trained (built-in or {@code brickbox:DIR}). */
  static InputStream parameters(ModelSpec spec) throws IOException {
    return switch (spec.kind()) {
      case BUILTIN -> BuiltinModel.open(spec.location(), ModelManifest.PARAMS);
      case BRICKBOX -> Files.newInputStream(Path.of(spec.location()).resolve(ModelManifest.PARAMS));
      case TORCHSCRIPT -> throw new IllegalArgumentException("a TorchScript model (" + spec
          + ") has no BrickBox parameters; only builtin or brickbox:DIR models can be trained further");
    };
  }

  /**
   * Builds the built-in network around parameters saved by {@link EmbeddingTrainer}, for inference: the trained
   * network is loaded aside and its batch norms folded into the convolutions ({@link EmbeddingNet#foldBatchNorms}).
   */
  static EmbeddingModel fromParams(ModelSpec spec, ModelManifest m, InputStream params, Device device)
      throws IOException, MalformedModelException {
    List<Integer> blocks = EmbeddingNet.blocks(m.architecture());
    Shape input = new Shape(1, 3, m.inputSize(), m.inputSize());
    SequentialBlock block = EmbeddingNet.foldedEmbedder(m.width(), m.embeddingSize(), blocks);
    Model model = Model.newInstance(m.name(), device, DjlEngine.ENGINE);
    model.setBlock(block);
    block.initialize(model.getNDManager(), DataType.FLOAT32, input);
    try (NDManager loading = model.getNDManager().newSubManager()) {
      SequentialBlock trained = EmbeddingNet.embedder(m.width(), m.embeddingSize(), blocks);
      trained.initialize(loading, DataType.FLOAT32, input);
      trained.loadParameters(loading, new DataInputStream(params));
      EmbeddingTrainer.withoutGrad(() -> EmbeddingNet.foldBatchNorms(trained, block, EmbeddingTrainer::overwrite));
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw e;
    }
    return new EmbeddingModel(spec, model, m.preprocessing(), m.embeddingSize(), m.name(), m.version(), device);
  }

  private static EmbeddingModel torchScript(ModelSpec spec, Device device) throws IOException, MalformedModelException {
    Path file = Path.of(spec.location()).toAbsolutePath();
    if (!Files.isRegularFile(file)) throw new IOException("no TorchScript file at " + file);
    ModelInfo info = describe(spec);
    Model model = Model.newInstance(info.name(), device, DjlEngine.ENGINE);
    model.load(file.getParent(), file.getFileName().toString(), Map.of("mapLocation", "true"));
    Preprocessing p = info.preprocessing();
    int dim;
    // The output dimension comes from the model itself: one forward pass on a blank input.
    try (NDManager probe = model.getNDManager().newSubManager()) {
      NDList out = model.getBlock().forward(new ai.djl.training.ParameterStore(probe, false),
          new NDList(probe.zeros(new Shape(1, 3, p.size(), p.size()))), false);
      NDArray first = out.get(0);
      dim = (int) (first.getShape().size() / first.getShape().get(0));
    }
    return new EmbeddingModel(spec, model, p, dim, info.name(), info.version(), device);
  }

  private static ModelManifest readManifest(Path dir) {
    Path file = dir.resolve(ModelManifest.FILE);
    try {
      return Json.read(Files.readAllBytes(file), ModelManifest.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("--model: no BrickBox model at " + dir + " (cannot read " + file + ")", e);
    }
  }

  /** A per-thread predictor; close it when the thread is done. */
  public Embedder newEmbedder() {
    Predictor<DecodedImage, float[]> predictor = model.newPredictor(new EmbeddingTranslator(preprocessing), device);
    return new Embedder(predictor);
  }

  public ModelInfo info() {
    return new ModelInfo(spec.toString(), name, version, dimension, preprocessing);
  }

  public int dimension() {
    return dimension;
  }

  public String version() {
    return version;
  }

  public Device device() {
    return device;
  }

  public Map<String, String> engineInfo() {
    return engineInfo;
  }

  @Override
  public void close() {
    model.close();
  }
}
