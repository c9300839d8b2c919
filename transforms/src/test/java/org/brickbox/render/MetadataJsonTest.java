package org.brickbox.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.brickbox.io.ldraw.Mesh;
import org.junit.jupiter.api.Test;

/** The pipeline writes metadata and settings with Jackson: both must round-trip as plain records. */
class MetadataJsonTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void viewMetadataRoundTrips() throws Exception {
    RenderSettings settings = RenderSettings.defaults();
    RenderKey key = RenderKeys.forPart("cube", settings).get(2);
    RenderedView view = new PartRenderer().render(TestScenes.cube(Mesh.MAIN_COLOUR, 10).build(),
        TestScenes.colours(), settings, key);
    String text = json.writeValueAsString(view.metadata());
    assertTrue(text.contains("\"rendererVersion\":\"" + PartRenderer.RENDERER_VERSION + "\""), text);
    assertEquals(view.metadata(), json.readValue(text, ViewMetadata.class));
  }

  @Test
  void settingsRoundTrip() throws Exception {
    RenderSettings settings = RenderSettings.builder().seed(42).fixedColour(71).build();
    assertEquals(settings, json.readValue(json.writeValueAsString(settings), RenderSettings.class));
  }
}
