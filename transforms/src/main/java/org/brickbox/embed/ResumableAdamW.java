package org.brickbox.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AdamW whose moments can be saved and restored, so an interrupted training resumes with the optimizer exactly
 * where it was. DJL's own AdamW keeps its moments private; this one makes the same update through the engine's
 * fused {@code adamUpdate} (decoupled weight decay, bias-corrected step), keeps the first and second moment per
 * parameter, and continues the step count through {@code optBeginNumUpdate}, which also drives the learning-rate
 * schedule. Moments are saved under each parameter's path in the network ({@code Block.getParameters()} names),
 * not its id, which DJL draws at random for every new network. Single device (CPU or one GPU), like the trainer.
 */
final class ResumableAdamW extends Optimizer {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;
  private static final int STATE_VERSION = 1;

  private final ParameterTracker learningRate;
  /** Parameter id (random per network instance) → the parameter's path in the network (stable). */
  private final Map<String, String> paths;
  private final Map<String, NDArray> means = new ConcurrentHashMap<>();
  private final Map<String, NDArray> variances = new ConcurrentHashMap<>();
  /** Moments read from a checkpoint, decoded on the parameter's own manager at its first update. */
  private final Map<String, byte[][]> restored;

  private ResumableAdamW(Builder b) {
    super(b);
    this.learningRate = b.learningRate;
    this.paths = b.paths;
    this.restored = new ConcurrentHashMap<>(b.restored);
  }

  /**
   * A fresh optimizer ({@code stepsDone} 0, no moments) or one that continues a checkpoint's: {@code stepsDone}
   * updates made, {@code state} from {@link #writeState}; {@code network} is the block it will train.
   */
  static ResumableAdamW create(ai.djl.nn.Block network, ParameterTracker learningRate, float weightDecay,
      int stepsDone, byte[] state) throws IOException {
    Map<String, String> paths = new java.util.HashMap<>();
    for (var p : network.getParameters()) paths.put(p.getValue().getId(), p.getKey());
    Builder b = new Builder(learningRate, paths, state == null ? Map.of() : readState(state));
    b.optWeightDecays(weightDecay).optBeginNumUpdate(stepsDone);
    return new ResumableAdamW(b);
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    int step = updateCount(parameterId);
    double biasCorrection1 = 1 - Math.pow(BETA1, step);
    double biasCorrection2 = 1 - Math.pow(BETA2, step);
    float lr = learningRate.getNewValue(parameterId, step);
    float correctedLr = (float) (lr * Math.sqrt(biasCorrection2) / biasCorrection1);
    float weightDecay = getWeightDecay();
    if (!Float.isFinite(lr) || !Float.isFinite(weightDecay)) {
      throw new IllegalArgumentException("learning rate " + lr + " or weight decay " + weightDecay + " is not finite");
    }
    String path = paths.get(parameterId);
    if (path == null) throw new IllegalStateException("parameter " + parameterId + " is not in the trained network");
    NDArray mean = means.computeIfAbsent(path, p -> moment(p, 0, weight));
    NDArray variance = variances.computeIfAbsent(path, p -> moment(p, 1, weight));
    weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, variance), new NDList(weight), lr,
        correctedLr, weightDecay, rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, true);
  }

  /** A moment's starting value: restored from the checkpoint, else zeros; detached, it lives as long as training. */
  private NDArray moment(String path, int which, NDArray weight) {
    byte[][] saved = restored.get(path);
    NDArray m = saved == null ? weight.zerosLike() : NDArray.decode(weight.getManager(), saved[which]);
    if (!m.getShape().equals(weight.getShape())) {
      throw new IllegalStateException("checkpoint moment of " + path + " has shape " + m.getShape()
          + ", the parameter " + weight.getShape());
    }
    m.detach();
    return m;
  }

  /** Every moment, by parameter path in sorted order (and those restored but not yet used, unchanged). */
  byte[] writeState() throws IOException {
    Map<String, byte[][]> all = new TreeMap<>(restored);
    for (String id : means.keySet()) all.put(id, new byte[][] {means.get(id).encode(), variances.get(id).encode()});
    var bytes = new java.io.ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(STATE_VERSION);
      out.writeInt(all.size());
      for (Map.Entry<String, byte[][]> e : all.entrySet()) {
        out.writeUTF(e.getKey());
        for (byte[] moment : e.getValue()) {
          out.writeInt(moment.length);
          out.write(moment);
        }
      }
    }
    return bytes.toByteArray();
  }

  private static Map<String, byte[][]> readState(byte[] state) throws IOException {
    Map<String, byte[][]> moments = new TreeMap<>();
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(state))) {
      int version = in.readInt();
      if (version != STATE_VERSION) throw new IOException("optimizer state version " + version + ", expected " + STATE_VERSION);
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String id = in.readUTF();
        byte[][] pair = new byte[2][];
        for (int k = 0; k < 2; k++) {
          pair[k] = new byte[in.readInt()];
          in.readFully(pair[k]);
        }
        moments.put(id, pair);
      }
    }
    return moments;
  }

  /** Frees the moments (they are detached from every manager). */
  void close() {
    means.values().forEach(NDArray::close);
    variances.values().forEach(NDArray::close);
    means.clear();
    variances.clear();
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    private final ParameterTracker learningRate;
    private final Map<String, String> paths;
    private final Map<String, byte[][]> restored;

    Builder(ParameterTracker learningRate, Map<String, String> paths, Map<String, byte[][]> restored) {
      this.learningRate = learningRate;
      this.paths = paths;
      this.restored = restored;
    }

    @Override
    protected Builder self() {
      return this;
    }
  }
}
