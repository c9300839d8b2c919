package org.brickbox.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import org.brickbox.embed.DjlEngine.Placement;
import org.junit.jupiter.api.Test;

/** Where models run, on the real PyTorch engine of the build (CPU natives in CI, CUDA ones with -Pcuda). */
class DjlEngineTest {
  private static final DjlEngine AUTO = DjlEngine.defaults();

  @Test
  void theCpuIsAlwaysThereAndAutoTakesAGpuOnlyWhenTheEngineSeesOne() {
    assertEquals(Device.cpu(), new DjlEngine(null, 0, Placement.CPU).device());
    Engine engine = AUTO.start();
    assertEquals(engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu(), AUTO.device());
    assertEquals(Placement.AUTO, new DjlEngine(null, 0, null).placement(), "no placement given: AUTO");
  }

  @Test
  void aRequiredGpuIsAClearErrorWhereThereIsNone() {
    DjlEngine gpu = new DjlEngine(null, 0, Placement.GPU);
    Engine engine = AUTO.start();
    if (engine.getGpuCount() > 0) {
      assertEquals(Device.gpu(), gpu.device());
      return;
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, gpu::device);
    assertTrue(e.getMessage().contains("--embedDevice=GPU"), e.getMessage());
    String why = engine.hasCapability(StandardCapabilities.CUDA) ? "no CUDA device" : "mvn -Pcuda";
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void theEngineDescriptionSaysDeviceVersionsAndGpus() {
    var d = DjlEngine.describe(AUTO.start(), Device.cpu());
    assertEquals("cpu()", d.get("device"));
    assertEquals(Integer.toString(AUTO.start().getGpuCount()), d.get("gpus"));
    assertTrue(d.get("engineVersion").matches("\\d+\\.\\d+\\.\\d+.*"), d.toString());
  }
}
