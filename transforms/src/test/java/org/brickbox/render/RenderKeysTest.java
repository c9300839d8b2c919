package org.brickbox.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RenderKeysTest {
  @Test
  void pathNamesPartColourAndView() {
    assertEquals("3001/c4/v07", new RenderKey("3001", 4, 7, 0).path());
    assertEquals("3069b/c0x2FF0000/v123", new RenderKey("3069b", 0x2FF0000, 123, 0).path());
  }

  @Test
  void unsafePartIdsAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RenderKey("../etc", 4, 0, 0));
    assertTrue(e.getMessage().contains("partId"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RenderKey("s/3001s01", 4, 0, 0));
  }

  @Test
  void keysAreDeterministicAndUsePaletteColours() {
    RenderSettings settings = RenderSettings.defaults();
    List<RenderKey> keys = RenderKeys.forPart("3001", settings);
    assertEquals(24, keys.size());
    assertEquals(keys, RenderKeys.forPart("3001", settings));
    Set<Integer> colours = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      assertEquals(i, keys.get(i).viewIndex());
      assertTrue(settings.palette().contains(keys.get(i).colourCode()));
      colours.add(keys.get(i).colourCode());
    }
    assertTrue(colours.size() > 5, "24 views pick varied colours: " + colours);
  }

  @Test
  void fixedColourModeUsesTheCode() {
    RenderSettings settings = RenderSettings.builder().fixedColour(71).viewCount(3).seed(9).build();
    for (RenderKey key : RenderKeys.forPart("3001", settings)) {
      assertEquals(71, key.colourCode());
      assertEquals(9, key.seed());
    }
  }

  @Test
  void settingsValidationNamesTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RenderSettings.builder().imageSize(32).build());
    assertTrue(e.getMessage().contains("imageSize"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RenderSettings.builder().elevationDeg(50, 10).build());
    assertTrue(e.getMessage().contains("elevation"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RenderSettings.builder().imageSize(1024).supersampling(4).build());
    assertTrue(e.getMessage().contains("supersampling"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RenderSettings.builder().palette(List.of()).build());
    assertTrue(e.getMessage().contains("palette"), e.getMessage());
  }
}
