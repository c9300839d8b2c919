package org.brickbox.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.brickbox.io.records.Json;

/**
 * The model BrickBox trained itself and ships as class-path resources ({@code org/brickbox/embed/builtin/}), so a
 * clean clone can embed without training first. How it was made (command, seed, data) is in its manifest's
 * {@code command} field and in {@code transforms/src/main/resources/org/brickbox/embed/builtin/README.md}.
 */
public final class BuiltinModel {
  static final String RESOURCE_DIR = "/org/brickbox/embed/builtin/";

  private BuiltinModel() {}

  public static ModelManifest manifest() {
    try (InputStream in = open(ModelManifest.FILE)) {
      return Json.read(in.readAllBytes(), ModelManifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in model manifest", e);
    }
  }

  static InputStream open(String name) throws IOException {
    InputStream in = BuiltinModel.class.getResourceAsStream(RESOURCE_DIR + name);
    if (in == null) {
      throw new IOException("the built-in embedding model is missing from the class path (" + RESOURCE_DIR + name
          + "); train one with ./brickbox train and pass --model=brickbox:<dir>");
    }
    return in;
  }
}
