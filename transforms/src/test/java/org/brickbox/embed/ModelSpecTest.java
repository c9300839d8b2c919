package org.brickbox.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelSpecTest {
  @Test
  void parsesTheThreeKindsAndPreprocessingOverrides() {
    assertEquals(ModelSpec.Kind.BUILTIN, ModelSpec.parse("builtin").kind());
    assertEquals("/m", ModelSpec.parse("brickbox:/m").location());
    ModelSpec ts = ModelSpec.parse("torchscript:/x/clip.pt?preset=clip");
    assertEquals(Preprocessing.clip(), ts.torchScriptPreprocessing());
    Preprocessing p = ModelSpec.parse("torchscript:/x.pt?size=96&crop=0.5&mean=0.5,0.5,0.5&std=0.2,0.2,0.2")
        .torchScriptPreprocessing();
    assertEquals(96, p.size());
    assertEquals(0.5, p.cropFraction());
    assertEquals(0.2f, p.std()[1]);
    assertEquals("torchscript:/x/clip.pt?preset=clip", ts.toString());
  }

  @Test
  void builtinNamesThePhotographicModelAndBuiltinCadTheOther() {
    assertEquals(ModelSpec.parse("builtin"), ModelSpec.parse("builtin:photo"));
    assertEquals("builtin", ModelSpec.parse("builtin:photo").toString());
    ModelSpec cad = ModelSpec.parse("builtin:cad");
    assertEquals(ModelSpec.Kind.BUILTIN, cad.kind());
    assertEquals(BuiltinModel.CAD, cad.location());
    assertEquals(cad, ModelSpec.parse(cad.toString()));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("builtin:cad?size=64")).getMessage()
        .contains("built-in models"));
  }

  @Test
  void badSpecsNameTheOption() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("onnx:/m")).getMessage()
        .contains("--model"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("torchscript:/m?colour=1"))
        .getMessage().contains("colour"));
  }
}
