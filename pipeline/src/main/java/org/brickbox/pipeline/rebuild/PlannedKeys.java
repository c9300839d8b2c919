package org.brickbox.pipeline.rebuild;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.ldraw.LDrawException;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.records.Hashes;
import org.brickbox.render.PartRenderer;
import org.brickbox.render.RenderKey;
import org.brickbox.render.RenderKeys;
import org.brickbox.stages.render.ImageFormat;
import org.brickbox.stages.render.RenderConfig;
import org.brickbox.stages.render.RenderRecord;

/** The launcher's reads for a rebuild plan: every planned key's inputs, and whether an image is still intact. */
public final class PlannedKeys {
  private PlannedKeys() {}

  /**
   * The inputs of every view of {@code partIds}, in part then view order. Each part's closure is walked (parsed
   * once per JVM, so a renderer in the same JVM reuses the parse) but not flattened.
   */
  public static List<KeyInputs> of(LDrawLibrary library, List<String> partIds, RenderConfig render) {
    String settingsHash = render.settingsHash();
    Map<Integer, String> colourHashes = new HashMap<>();
    List<KeyInputs> keys = new ArrayList<>();
    for (String partId : partIds) {
      String closureHash;
      try {
        closureHash = library.closureHash(partId);
      } catch (LDrawException e) {
        closureHash = null; // rendered again so that its dead letter is reported again
      }
      for (RenderKey key : RenderKeys.forPart(partId, render.settings())) {
        String colourHash = colourHashes.computeIfAbsent(key.colourCode(), library.colours()::definitionHash);
        keys.add(new KeyInputs(key.path(), partId, key.viewIndex(), render.format().imagePath(key),
            ImageFormat.maskPath(key), closureHash, colourHash, settingsHash, PartRenderer.RENDERER_VERSION));
      }
    }
    return keys;
  }

  /** True when the image and mask in {@code out} still have the bytes {@code record} names. */
  public static Predicate<RenderRecord> intactIn(String out) {
    return r -> {
      try {
        return Hashes.sha256Hex(OutputFiles.read(OutputFiles.resolve(out, r.image()))).equals(r.imageSha256())
            && Hashes.sha256Hex(OutputFiles.read(OutputFiles.resolve(out, r.mask()))).equals(r.maskSha256());
      } catch (IOException e) {
        return false;
      }
    };
  }
}
