package org.brickbox.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * NNPACK is off once the engine has started, read back from libtorch itself: PyTorch then never initialises it and
 * never prints "Could not initialize NNPACK! Reason: Unsupported hardware." on a CPU NNPACK does not support (on
 * one it supports, as most build machines, nothing would be printed anyway: only the switch can be checked there).
 */
class TorchSettingsTest {
  @Test
  void nnpackIsSwitchedOffWhenTheEngineStarts() {
    TestImages.ENGINE.start();
    assertEquals(Boolean.FALSE, TorchSettings.nnpackEnabled(), "libtorch's userEnabledNNPACK after start");
    assertTrue(TorchSettings.disableNnpack(), "switching it off again is harmless and reports success");
  }

  /** Training switches oneDNN off around each step and back: the switch must read back what was set. */
  @Test
  void oneDnnSwitchesOffAndBackOn() {
    TestImages.ENGINE.start();
    Boolean before = TorchSettings.mkldnnEnabled();
    assertEquals(Boolean.TRUE, before, "PyTorch's default");
    assertEquals(before, TorchSettings.setMkldnn(false));
    assertEquals(Boolean.FALSE, TorchSettings.mkldnnEnabled());
    assertEquals(Boolean.FALSE, TorchSettings.setMkldnn(true));
    assertEquals(Boolean.TRUE, TorchSettings.mkldnnEnabled());
  }
}
