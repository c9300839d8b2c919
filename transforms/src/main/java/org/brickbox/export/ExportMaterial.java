package org.brickbox.export;

import org.brickbox.io.ldraw.ColourTable;
import org.brickbox.io.ldraw.LDrawColour;
import org.brickbox.io.ldraw.Mesh;

/**
 * How one LDraw colour code of a part is written: the material {@code ldraw_<code>} with its LDConfig.ldr colour
 * (sRGB 0xRRGGBB, as LDConfig gives it) and alpha (255 opaque). The main colour, 16, is the one a user chooses when
 * the part is rendered, so it has no colour of its own: it is written as neutral grey {@link #MAIN_GREY}.
 *
 * @param note what the colour is, for a comment: its LDConfig name, or why it is grey
 */
public record ExportMaterial(int code, int rgb, int alpha, String note) {
  public static final int MAIN_GREY = 0x808080;

  static ExportMaterial of(int code, ColourTable colours) {
    if (code == Mesh.MAIN_COLOUR) return new ExportMaterial(code, MAIN_GREY, 255, "main colour, chosen by the user");
    if (!colours.isKnown(code)) return new ExportMaterial(code, MAIN_GREY, 255, "not in LDConfig.ldr, shown grey");
    LDrawColour colour = colours.resolve(code);
    return new ExportMaterial(code, colour.rgb(), colour.alpha(), colour.name());
  }

  /** {@code ldraw_16}, {@code ldraw_14}; direct colours ({@code 0x2RRGGBB}) by their decimal code. */
  public String name() {
    return "ldraw_" + code;
  }

  public boolean isMain() {
    return code == Mesh.MAIN_COLOUR;
  }
}
