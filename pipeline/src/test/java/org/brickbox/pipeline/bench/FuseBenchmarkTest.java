package org.brickbox.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bench fuse}'s colon-separated options say what they expect before any file is read. */
class FuseBenchmarkTest {
  private static String error(String name, String value) {
    Map<String, String> options = Map.of("index", "no-such-index", "queries", "no-such-run", name, value);
    return assertThrows(IllegalArgumentException.class,
        () -> FuseBenchmark.run(options, new PrintStream(OutputStream.nullOutputStream()))).getMessage();
  }

  @Test
  void malformedWeightsAndHeldOutAreClearErrors() {
    assertEquals("--weights must be SHAPE_WEIGHT:SHAPE_SCALE:POOL_TEMPERATURE[:VIEW_CONFIDENCE], was '0.1'",
        error("weights", "0.1"));
    assertEquals("--weights must be SHAPE_WEIGHT:SHAPE_SCALE:POOL_TEMPERATURE[:VIEW_CONFIDENCE], was '0.1:1:0:0:0'",
        error("weights", "0.1:1:0:0:0"));
    assertEquals("--weights must be SHAPE_WEIGHT:SHAPE_SCALE:POOL_TEMPERATURE[:VIEW_CONFIDENCE], was '0.1:x:0'",
        error("weights", "0.1:x:0"));
    assertEquals("--heldOut must be STRIDE:REMAINDER, was '6'", error("heldOut", "6"));
    assertEquals("--heldOut must be STRIDE:REMAINDER, whole numbers with STRIDE >= 1, was '0:5'",
        error("heldOut", "0:5"));
    assertEquals("--heldOut must be STRIDE:REMAINDER, whole numbers with STRIDE >= 1, was '6.5:1'",
        error("heldOut", "6.5:1"));
  }
}
