package org.brickbox.embed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a real TorchScript file without Python. There is no PyTorch in Python on the build machines, so the
 * test writes the archive {@code torch.jit.save} would produce for this module:
 *
 * <pre>
 * class PoolStats(torch.nn.Module):
 *     def forward(self, x):                      # x: [n, 3, h, w]
 *         return torch.cat([x.mean([2, 3]), x.amax([2, 3])], 1)    # [n, 6]
 * </pre>
 *
 * A TorchScript archive is an uncompressed zip whose entries sit under one folder: {@code data.pkl} (the module
 * object, pickled with protocol 2 as class {@code __torch__.PoolStats} with state {@code {'training': True}}),
 * {@code code/__torch__.py} (the TorchScript source of the class, which libtorch compiles on load),
 * {@code constants.pkl} (an empty tuple) and {@code version} (the file-format version). The module has no
 * parameters, so there are no tensor records under {@code data/}. libtorch loads it through DJL's PyTorch engine
 * exactly like a file saved from Python.
 */
final class TorchScriptFixture {
  static final int OUTPUT_DIM = 6;

  private TorchScriptFixture() {}

  static Path write(Path dir) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("pool_stats/data.pkl", dataPkl());
    entries.put("pool_stats/code/__torch__.py", """
        class PoolStats(Module):
          __parameters__ = []
          __buffers__ = []
          training : bool
          def forward(self: __torch__.PoolStats,
            x: Tensor) -> Tensor:
            _0 = torch.mean(x, [2, 3])
            _1 = torch.amax(x, [2, 3])
            return torch.cat([_0, _1], 1)
        """.getBytes(StandardCharsets.UTF_8));
    entries.put("pool_stats/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
    entries.put("pool_stats/version", "3\n".getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("pool_stats.pt");
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(e.getValue().length);
        entry.setCompressedSize(e.getValue().length);
        CRC32 crc = new CRC32();
        crc.update(e.getValue());
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  /** Pickle protocol 2: PoolStats.__new__(PoolStats) with state {'training': True}. */
  private static byte[] dataPkl() {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(0x80);
    p.write(2); // PROTO 2
    p.writeBytes("c__torch__\nPoolStats\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL
    p.write('q');
    p.write(0); // BINPUT 0
    p.write(')'); // EMPTY_TUPLE
    p.write(0x81); // NEWOBJ
    p.write('}'); // EMPTY_DICT
    p.write('q');
    p.write(1);
    byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
    p.write('X'); // BINUNICODE
    p.write(key.length);
    p.write(0);
    p.write(0);
    p.write(0);
    p.writeBytes(key);
    p.write('q');
    p.write(2);
    p.write(0x88); // NEWTRUE
    p.write('s'); // SETITEM
    p.write('b'); // BUILD
    p.write('q');
    p.write(3);
    p.write('.'); // STOP
    return p.toByteArray();
  }
}
