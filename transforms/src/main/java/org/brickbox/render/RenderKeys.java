package org.brickbox.render;

import java.util.ArrayList;
import java.util.List;

/** The deterministic list of render keys for a part: one per view, each with its colour. */
public final class RenderKeys {
  private RenderKeys() {}

  public static List<RenderKey> forPart(String partId, RenderSettings settings) {
    List<RenderKey> keys = new ArrayList<>(settings.viewCount());
    for (int view = 0; view < settings.viewCount(); view++) {
      keys.add(new RenderKey(partId, colourFor(partId, view, settings), view, settings.seed()));
    }
    return keys;
  }

  static int colourFor(String partId, int view, RenderSettings settings) {
    if (settings.colourMode() == ColourMode.FIXED) return settings.fixedColour();
    List<Integer> palette = settings.palette();
    return palette.get(Seeds.random(settings.seed(), partId, view, Seeds.COLOUR).nextInt(palette.size()));
  }
}
