package org.brickbox.render;

import org.brickbox.io.ldraw.ColourTable;
import org.brickbox.io.ldraw.Finish;
import org.brickbox.io.ldraw.LDrawColour;
import org.brickbox.io.ldraw.Mesh;

/**
 * Surface and line colours of a mesh's colour slots for one render colour: code 16 becomes the render colour,
 * code 24 its edge colour, any other code its own library or direct colour. Reused across renders by one thread.
 */
final class Materials {
  float[] red = new float[0];
  float[] green = new float[0];
  float[] blue = new float[0];
  /** Opacity scaled to 0..256, for integer blending. */
  int[] alpha256 = new int[0];
  float[] specular = new float[0];
  /** Specular exponent as a count of squarings: 7 means cos^128. */
  int[] shininessSquarings = new int[0];
  boolean[] metallic = new boolean[0];
  /** 0xRRGGBB a line of this slot is drawn in. */
  int[] lineRgb = new int[0];
  Finish[] finish = new Finish[0];

  void resolve(PreparedMesh mesh, ColourTable table, LDrawColour renderColour) {
    int[] codes = mesh.codes();
    if (red.length < codes.length) allocate(codes.length);
    for (int s = 0; s < codes.length; s++) {
      int code = codes[s];
      LDrawColour colour = code == Mesh.MAIN_COLOUR ? renderColour : table.resolve(code);
      int surface = code == Mesh.EDGE_COLOUR ? renderColour.edgeRgb() : colour.rgb();
      red[s] = (surface >> 16) & 0xFF;
      green[s] = (surface >> 8) & 0xFF;
      blue[s] = surface & 0xFF;
      alpha256[s] = code == Mesh.EDGE_COLOUR ? 256 : colour.alpha() == 255 ? 256 : colour.alpha();
      lineRgb[s] = code == Mesh.EDGE_COLOUR ? renderColour.edgeRgb() : colour.rgb();
      finish[s] = colour.finish();
      switch (colour.finish()) {
        case CHROME -> set(s, 1.0f, 6, true);
        case METAL -> set(s, 0.8f, 5, true);
        case MATTE_METALLIC -> set(s, 0.3f, 3, true);
        case PEARLESCENT -> set(s, 0.5f, 4, false);
        case RUBBER -> set(s, 0.04f, 2, false);
        default -> set(s, 0.25f, 7, false); // ABS plastic: a tight highlight, so flat faces rarely flash white
      }
    }
  }

  boolean isOpaque(int slot) {
    return alpha256[slot] == 256;
  }

  private void set(int slot, float spec, int squarings, boolean isMetallic) {
    specular[slot] = spec;
    shininessSquarings[slot] = squarings;
    metallic[slot] = isMetallic;
  }

  private void allocate(int n) {
    red = new float[n];
    green = new float[n];
    blue = new float[n];
    alpha256 = new int[n];
    specular = new float[n];
    shininessSquarings = new int[n];
    metallic = new boolean[n];
    lineRgb = new int[n];
    finish = new Finish[n];
  }
}
