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
}
