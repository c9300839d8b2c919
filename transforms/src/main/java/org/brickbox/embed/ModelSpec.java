package org.brickbox.embed;

import java.io.Serializable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which embedding model a run uses, from the {@code --model} option:
 * <ul>
 *   <li>{@code builtin}: the photographic model BrickBox trained and ships inside the jar ({@link BuiltinModel});
 *       {@code builtin:cad} the one trained on flat CAD renders ({@code builtin:photo} is {@code builtin});</li>
 *   <li>{@code brickbox:<dir>}: a model directory written by {@code ./brickbox train};</li>
 *   <li>{@code torchscript:<file.pt>[?preset=clip|imagenet|brickbox&size=224&crop=0.875&mean=r,g,b&std=r,g,b]}:
 *       an external TorchScript image model with the given preprocessing (default preset imagenet); its output
 *       dimension is read from the model.</li>
 * </ul>
 */
public record ModelSpec(Kind kind, String location, Map<String, String> params) implements Serializable {
  public enum Kind { BUILTIN, BRICKBOX, TORCHSCRIPT }

  public ModelSpec {
    params = Map.copyOf(params);
  }

  public static ModelSpec parse(String text) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("--model is empty");
    String t = text.trim();
    if (t.equals("builtin")) return builtin(BuiltinModel.PHOTO);
    int colon = t.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--model must be builtin[:cad], brickbox:<dir> or "
          + "torchscript:<file>[?options], was '" + text + "'");
    }
    String scheme = t.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = t.substring(colon + 1);
    if (scheme.equals("builtin")) {
      if (!BuiltinModel.NAMES.contains(rest)) {
        throw new IllegalArgumentException("--model builtin:" + rest + ": the built-in models are " + BuiltinModel.NAMES);
      }
      return builtin(rest);
    }
    Map<String, String> params = new TreeMap<>();
    int q = rest.indexOf('?');
    if (q >= 0) {
      for (String pair : rest.substring(q + 1).split("&")) {
        if (pair.isBlank()) continue;
        int eq = pair.indexOf('=');
        if (eq < 0) throw new IllegalArgumentException("--model option '" + pair + "' needs name=value");
        params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      rest = rest.substring(0, q);
    }
    if (rest.isBlank()) throw new IllegalArgumentException("--model " + scheme + ": needs a path");
    return switch (scheme) {
      case "brickbox" -> new ModelSpec(Kind.BRICKBOX, rest, params);
      case "torchscript" -> {
        for (String k : params.keySet()) {
          if (!java.util.Set.of("preset", "size", "crop", "mean", "std").contains(k)) {
            throw new IllegalArgumentException("--model torchscript: unknown option '" + k
                + "' (preset, size, crop, mean, std)");
          }
        }
        yield new ModelSpec(Kind.TORCHSCRIPT, rest, params);
      }
      default -> throw new IllegalArgumentException("--model scheme must be builtin, brickbox or torchscript, was '"
          + scheme + "'");
    };
  }

  /** The built-in model {@code name} ({@link BuiltinModel#PHOTO} or {@link BuiltinModel#CAD}). */
  public static ModelSpec builtin(String name) {
    return new ModelSpec(Kind.BUILTIN, name, Map.of());
  }

  /** Preprocessing of an external TorchScript model, from the preset and any overrides in the spec. */
  public Preprocessing torchScriptPreprocessing() {
    Preprocessing p = Preprocessing.preset(params.getOrDefault("preset", "imagenet"), 224);
    if (params.containsKey("size")) p = p.withSize(Integer.parseInt(params.get("size")));
    if (params.containsKey("crop")) p = p.withCrop(Double.parseDouble(params.get("crop")));
    if (params.containsKey("mean") || params.containsKey("std")) {
      p = p.withMeanStd(params.containsKey("mean") ? triple(params.get("mean"), "mean") : p.mean(),
          params.containsKey("std") ? triple(params.get("std"), "std") : p.std());
    }
    return p;
  }

  private static float[] triple(String text, String name) {
    String[] parts = text.split(",");
    if (parts.length != 3) throw new IllegalArgumentException("--model " + name + " needs 3 comma-separated values");
    float[] v = new float[3];
    for (int i = 0; i < 3; i++) v[i] = Float.parseFloat(parts[i].trim());
    return v;
  }

  @Override
  public String toString() {
    // The photographic model keeps the name every index and manifest written before the CAD one has.
    if (kind == Kind.BUILTIN) return location.equals(BuiltinModel.PHOTO) ? "builtin" : "builtin:" + location;
    StringBuilder s = new StringBuilder(kind.name().toLowerCase(Locale.ROOT)).append(':').append(location);
    String sep = "?";
    for (var e : new TreeMap<>(params).entrySet()) {
      s.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = "&";
    }
    return s.toString();
  }
}
