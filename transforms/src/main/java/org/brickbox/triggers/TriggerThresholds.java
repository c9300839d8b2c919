package org.brickbox.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.brickbox.io.records.Json;

/**
 * When each retrain rule fires. A rule fires when its value reaches its threshold; how far past decides the
 * severity ({@link Severity#of}). Defaults are {@link #DEFAULTS}; {@link #parse} overrides any of them.
 *
 * @param qualityDegradation rise of the QA quarantine rate over the mean of recent runs (0.02 = 2 points)
 * @param accuracyDrop fall of fused top-1 under the mean of recent runs (0.03 = 3 points)
 * @param consecutiveFailures failed runs in a row, this one included
 * @param newDataImages images of parts the model in use was not trained on
 * @param maxModelAgeDays days since the model in use was trained (periodic retraining)
 * @param window how many earlier runs the quality and accuracy baselines average over
 * @param minHistory fewest earlier runs with data before the quality and accuracy rules may fire
 */
public record TriggerThresholds(
    double qualityDegradation,
    double accuracyDrop,
    double consecutiveFailures,
    double newDataImages,
    double maxModelAgeDays,
    int window,
    int minHistory)
    implements Serializable {

  public static final TriggerThresholds DEFAULTS = new TriggerThresholds(0.02, 0.03, 3, 1000, 30, 5, 2);

  public TriggerThresholds {
    for (var e : Map.of("qualityDegradation", qualityDegradation, "accuracyDrop", accuracyDrop,
        "consecutiveFailures", consecutiveFailures, "newDataImages", newDataImages,
        "maxModelAgeDays", maxModelAgeDays).entrySet()) {
      if (!(e.getValue() > 0)) throw new IllegalArgumentException("trigger threshold " + e.getKey() + " must be > 0, was " + e.getValue());
    }
    if (window < 1) throw new IllegalArgumentException("trigger threshold window must be >= 1, was " + window);
    if (minHistory < 1 || minHistory > window) {
      throw new IllegalArgumentException("trigger threshold minHistory must be 1..window, was " + minHistory);
    }
  }

  /**
   * The defaults overridden by {@code spec}: empty (defaults), a JSON file ({@code {"accuracyDrop":0.05}}) or a
   * list {@code accuracyDrop=0.05,window=10}. Unknown names are errors, so a typo does not silently keep a default.
   */
  public static TriggerThresholds parse(String spec) {
    Map<String, Object> values = new TreeMap<>(Json.mapper().convertValue(DEFAULTS,
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
    if (spec == null || spec.isBlank()) return DEFAULTS;
    Map<String, String> overrides = new TreeMap<>();
    if (spec.trim().endsWith(".json")) {
      try {
        JsonNode node = Json.mapper().readTree(Files.readString(Path.of(spec.trim())));
        node.fields().forEachRemaining(f -> overrides.put(f.getKey(), f.getValue().asText()));
      } catch (IOException e) {
        throw new UncheckedIOException("--triggerThresholds: cannot read " + spec + ": " + e.getMessage(), e);
      }
    } else {
      for (String pair : spec.split(",")) {
        String[] kv = pair.split("=", 2);
        if (kv.length != 2) throw new IllegalArgumentException("--triggerThresholds: expected name=value, got '" + pair + "'");
        overrides.put(kv[0].trim(), kv[1].trim());
      }
    }
    overrides.forEach((name, value) -> {
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("--triggerThresholds: unknown threshold '" + name + "'; known: " + values.keySet());
      }
      try {
        values.put(name, Double.parseDouble(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--triggerThresholds: " + name + " must be a number, was '" + value + "'");
      }
    });
    return new TriggerThresholds(num(values, "qualityDegradation"), num(values, "accuracyDrop"),
        num(values, "consecutiveFailures"), num(values, "newDataImages"), num(values, "maxModelAgeDays"),
        (int) num(values, "window"), (int) num(values, "minHistory"));
  }

  private static double num(Map<String, Object> values, String name) {
    return ((Number) values.get(name)).doubleValue();
  }
}
