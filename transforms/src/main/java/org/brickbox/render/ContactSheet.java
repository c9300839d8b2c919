package org.brickbox.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.ldraw.LDrawLibrary;

/**
 * Renders a grid of parts (rows) × views (columns) into one PNG for a person to check framing, winding, edges and
 * colours at a glance.
 *
 * <p>Usage: {@code ContactSheet <libraryRoot|-> <out.png> [parts,comma,separated|-] [views=8] [size=128]
 * [style=cad|photo] [colour=palette|code]} ({@code -} picks the located library or the twenty common parts).
 */
public final class ContactSheet {
  private ContactSheet() {}

  public static void main(String[] args) throws IOException {
    LDrawLibrary library = LDrawLibrary.shared(LDrawLibrary.locate(arg(args, 0)));
    Path out = Path.of(args.length > 1 ? args[1] : "contact-sheet.png");
    List<String> parts = CommonParts.parse(arg(args, 2));
    int views = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int size = args.length > 4 ? Integer.parseInt(args[4]) : 128;
    RenderSettings.Builder builder = RenderSettings.builder().imageSize(size).viewCount(views)
        .style(args.length > 5 ? RenderStyle.valueOf(args[5].toUpperCase(java.util.Locale.ROOT)) : RenderStyle.CAD);
    if (args.length > 6 && !args[6].equals("palette")) builder.fixedColour(Integer.parseInt(args[6]));
    RenderSettings settings = builder.build();

    int width = views * size;
    byte[] sheet = new byte[width * parts.size() * size * 3];
    PartRenderer renderer = new PartRenderer();
    for (int row = 0; row < parts.size(); row++) {
      PreparedMesh mesh = PreparedMesh.of(library.load(parts.get(row)).mesh());
      for (RenderKey key : RenderKeys.forPart(parts.get(row), settings)) {
        RenderedView view = renderer.render(mesh, library.colours(), settings, key);
        for (int y = 0; y < size; y++) {
          System.arraycopy(view.rgb(), y * size * 3, sheet,
              ((row * size + y) * width + key.viewIndex() * size) * 3, size * 3);
        }
      }
    }
    Files.write(out, ImageCodec.encodeRgbPng(sheet, width, parts.size() * size));
    System.out.printf("%d parts x %d views at %d px -> %s%n", parts.size(), views, size, out);
  }

  private static String arg(String[] args, int i) {
    return args.length > i && !args[i].equals("-") ? args[i] : null;
  }
}
