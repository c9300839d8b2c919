package org.brickbox.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The .npy writer follows the NPY 1.0 layout numpy.load expects. */
class NpyTest {
  @Test
  void writesAnAlignedV1HeaderAndLittleEndianFloat32Rows() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.writeFloat32(out, List.of(new float[] {1f, -2.5f, 3f}, new float[] {0f, 1e-7f, Float.MAX_VALUE}), 3);
    byte[] bytes = out.toByteArray();
    assertEquals((byte) 0x93, bytes[0]);
    assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
    assertEquals(1, bytes[6]);
    assertEquals(0, bytes[7]);
    int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
    assertEquals(0, (10 + headerLength) % 64, "data starts 64-byte aligned");
    String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
    assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
    assertTrue(header.endsWith("\n"));
    assertEquals(10 + headerLength + 2 * 3 * 4, bytes.length);
    assertEquals(0x3F800000, (bytes[10 + headerLength] & 0xFF) | (bytes[10 + headerLength + 3] & 0xFF) << 24
        | (bytes[10 + headerLength + 2] & 0xFF) << 16, "1.0f little-endian");
    float[][] back = Npy.readFloat32(bytes);
    assertArrayEquals(new float[] {1f, -2.5f, 3f}, back[0]);
    assertArrayEquals(new float[] {0f, 1e-7f, Float.MAX_VALUE}, back[1]);
  }

  @Test
  void anEmptyShardIsAZeroRowArray() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.writeFloat32(out, List.of(), 0);
    assertEquals(0, Npy.readFloat32(out.toByteArray()).length);
  }

  @Test
  void aTruncatedOrCutHeaderFileIsAClearErrorNotAnIndexException() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.writeFloat32(out, List.of(new float[] {1f, 2f}, new float[] {3f, 4f}), 2);
    byte[] whole = out.toByteArray();
    assertEquals(new Npy.Shape(2, 2, 128), Npy.shape(java.util.Arrays.copyOf(whole, 200), whole.length));
    java.io.IOException cut = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> Npy.readFloat32(java.util.Arrays.copyOf(whole, whole.length - 3)));
    assertTrue(cut.getMessage().contains("needs 144 bytes, the file has 141 (truncated or damaged)"), cut.getMessage());
    java.io.IOException header = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> Npy.readFloat32(java.util.Arrays.copyOf(whole, 60)));
    assertTrue(header.getMessage().contains("header cut off"), header.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> Npy.readFloat32(new byte[3]));
  }
}
