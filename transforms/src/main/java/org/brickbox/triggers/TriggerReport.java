package org.brickbox.triggers;

import java.util.List;

/**
 * The manifest's {@code triggers} section: every rule's result, and the recommendation drawn from them.
 *
 * @param retrain whether retraining is recommended (any rule fired)
 * @param severity the highest severity of a fired rule, or none
 * @param reasons one line per fired rule
 * @param data the training data to use: the run's output directory, a value for {@code ./brickbox train --data}
 */
public record TriggerReport(boolean retrain, String severity, List<String> reasons, String data, List<Rule> rules) {
  public static final String SECTION = "triggers";

  /**
   * One rule's outcome. {@code value} and {@code threshold} are null when the rule had no data to judge by
   * (no QA or accuracy section, too short a history, a model without a training record).
   */
  public record Rule(String rule, Double value, Double threshold, boolean fired, String severity, String detail) {}
}
