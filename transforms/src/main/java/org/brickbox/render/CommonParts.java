package org.brickbox.render;

import java.util.Arrays;
import java.util.List;

/** Twenty common parts (bricks, plates, tiles, slopes, round parts, Technic) used to benchmark and eyeball renders. */
public final class CommonParts {
  public static final List<String> IDS = List.of("3001", "3003", "3020", "3023", "3069b", "3040b", "3062b", "6141",
      "3710", "32523", "3673", "2780", "3004", "3005", "3010", "3022", "3024", "3068b", "3070b", "2420");

  private CommonParts() {}

  /** A comma-separated list, or the default twenty when the argument is absent or empty. */
  public static List<String> parse(String commaSeparated) {
    return commaSeparated == null || commaSeparated.isBlank() ? IDS : Arrays.asList(commaSeparated.split(","));
  }
}
