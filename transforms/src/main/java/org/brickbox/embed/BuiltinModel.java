package org.brickbox.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.brickbox.io.records.Json;

/**
 * The models BrickBox trained itself and ships as class-path resources, so a clean clone can embed without training
 * first: {@link #PHOTO} ({@code org/brickbox/embed/builtin/}, trained for photographs, the default) and {@link #CAD}
 * ({@code org/brickbox/embed/builtin-cad/}, trained on flat CAD renders, for {@code --style=CAD}). How each was made
 * (command, seed, data) is in its manifest's {@code command} field and in the README.md beside it.
 */
public final class BuiltinModel {
  /** The photographic model: {@code --model=builtin}. */
  public static final String PHOTO = "photo";
  /** The CAD-render model: {@code --model=builtin:cad}. */
  public static final String CAD = "cad";
  public static final java.util.List<String> NAMES = java.util.List.of(PHOTO, CAD);

  private BuiltinModel() {}

  /** The manifest of the built-in model {@code name} ({@link #PHOTO} or {@link #CAD}). */
  public static ModelManifest manifest(String name) {
    try (InputStream in = open(name, ModelManifest.FILE)) {
      return Json.read(in.readAllBytes(), ModelManifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in " + name + " model's manifest", e);
    }
  }

  static InputStream open(String name, String file) throws IOException {
    String resource = resourceDir(name) + file;
    InputStream in = BuiltinModel.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("the built-in embedding model is missing from the class path (" + resource
          + "); train one with ./brickbox train and pass --model=brickbox:<dir>");
    }
    return in;
  }

  private static String resourceDir(String name) {
    return switch (name) {
      case PHOTO -> "/org/brickbox/embed/builtin/";
      case CAD -> "/org/brickbox/embed/builtin-cad/";
      default -> throw new IllegalArgumentException("no built-in model '" + name + "' (" + NAMES + ")");
    };
  }
}
