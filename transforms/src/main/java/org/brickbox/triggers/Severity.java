package org.brickbox.triggers;

import java.util.Locale;

/** How urgent a fired rule is, from how far its value is past its threshold. */
public enum Severity {
  NONE, LOW, MEDIUM, HIGH, CRITICAL;

  /**
   * {@code value / threshold}: below 1 none (not fired), under 1.5 low, under 2 medium, under 4 high, else
   * critical. Every rule's value grows with the problem (drops are positive), so one scale fits all five.
   */
  public static Severity of(double value, double threshold) {
    // A value computed as a difference (0.03 - 0.01) lands a rounding error short of a threshold it equals.
    double ratio = value / threshold + 1e-9;
    if (!(ratio >= 1)) return NONE;
    if (ratio < 1.5) return LOW;
    if (ratio < 2) return MEDIUM;
    if (ratio < 4) return HIGH;
    return CRITICAL;
  }

  /** Lower case, as in the manifest. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
