package org.brickbox.io.ldraw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The colours of an LDraw library, read from {@code LDConfig.ldr} {@code !COLOUR} lines, plus direct colours
 * ({@code 0x2RRGGBB}, whose edge is derived as the LDraw spec suggests: a darker or lighter grey).
 */
public final class ColourTable {
  private static final int DIRECT_COLOUR_TAG = 0x2000000;
  private final Map<Integer, LDrawColour> byCode;

  private ColourTable(Map<Integer, LDrawColour> byCode) {
    this.byCode = byCode;
  }

  public static ColourTable load(Path ldconfig) throws IOException {
    List<String> lines = Files.readAllLines(ldconfig, StandardCharsets.ISO_8859_1);
    Map<Integer, LDrawColour> colours = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (!line.startsWith("0 !COLOUR")) continue;
      try {
        LDrawColour colour = parseColourLine(line);
        colours.put(colour.code(), colour);
      } catch (RuntimeException e) {
        throw new IOException(ldconfig + ":" + (i + 1) + ": malformed !COLOUR line: " + e.getMessage(), e);
      }
    }
    if (!colours.containsKey(Mesh.MAIN_COLOUR) || !colours.containsKey(Mesh.EDGE_COLOUR)) {
      throw new IOException(ldconfig + ": lacks colour 16 or 24; is this LDConfig.ldr?");
    }
    return new ColourTable(Collections.unmodifiableMap(colours));
  }

  static LDrawColour parseColourLine(String line) {
    String[] t = line.split("\\s+");
    String name = t[2];
    Integer code = null;
    Integer value = null;
    Integer edge = null;
    int alpha = 255;
    Finish finish = Finish.SOLID;
    for (int k = 3; k < t.length; k++) {
      switch (t[k].toUpperCase(Locale.ROOT)) {
        case "CODE" -> code = Integer.parseInt(t[++k]);
        case "VALUE" -> value = parseHex(t[++k]);
        case "EDGE" -> edge = parseEdge(t[++k]);
        case "ALPHA" -> alpha = Integer.parseInt(t[++k]);
        case "CHROME" -> finish = Finish.CHROME;
        case "PEARLESCENT" -> finish = Finish.PEARLESCENT;
        case "RUBBER" -> finish = Finish.RUBBER;
        case "MATTE_METALLIC" -> finish = Finish.MATTE_METALLIC;
        case "METAL" -> finish = Finish.METAL;
        case "MATERIAL" -> {
          String kind = k + 1 < t.length ? t[k + 1].toUpperCase(Locale.ROOT) : "";
          finish = kind.equals("SPECKLE") ? Finish.SPECKLE : Finish.GLITTER;
          k = t.length; // the rest of the line describes the material's particles
        }
        default -> { } // LUMINANCE and future keywords do not affect our rendering
      }
    }
    if (code == null || value == null || edge == null) {
      throw new IllegalArgumentException("CODE, VALUE and EDGE are required");
    }
    return new LDrawColour(code, name, value, edge, alpha, finish);
  }

  private static int parseHex(String token) {
    String hex = token.startsWith("#") ? token.substring(1) : token.substring(2);
    return Integer.parseInt(hex, 16);
  }

  /** EDGE is a hex value, or (in old files) the code of another colour; the latter is resolved to black here. */
  private static int parseEdge(String token) {
    return token.startsWith("#") || token.startsWith("0x") ? parseHex(token) : 0;
  }

  public static boolean isDirectColour(int code) {
    return (code & 0xF000000) == DIRECT_COLOUR_TAG;
  }

  /** True when the code is a library colour or a direct colour. */
  public boolean isKnown(int code) {
    return byCode.containsKey(code) || isDirectColour(code);
  }

  /** Resolves a code; unknown codes fall back to colour 16's value so that a render still shows the shape. */
  public LDrawColour resolve(int code) {
    LDrawColour colour = byCode.get(code);
    if (colour != null) return colour;
    if (isDirectColour(code)) {
      int rgb = code & 0xFFFFFF;
      return new LDrawColour(code, String.format("Direct_0x%07X", code), rgb, directEdge(rgb), 255, Finish.SOLID);
    }
    return byCode.get(Mesh.MAIN_COLOUR);
  }

  /**
   * The code to draw the edges of a part in {@code code} with: 24 while the colour is still inherited (16 or 24),
   * else the colour's edge value as a direct colour {@code 0x2RRGGBB}, since LDraw has no code for "edge of X".
   */
  public int edgeCodeOf(int code) {
    if (code == Mesh.MAIN_COLOUR || code == Mesh.EDGE_COLOUR) return Mesh.EDGE_COLOUR;
    LDrawColour colour = byCode.get(code);
    int edgeRgb = colour != null ? colour.edgeRgb()
        : isDirectColour(code) ? directEdge(code & 0xFFFFFF) : byCode.get(Mesh.MAIN_COLOUR).edgeRgb();
    return DIRECT_COLOUR_TAG | edgeRgb;
  }

  private static int directEdge(int rgb) {
    int luma = (((rgb >> 16) & 0xFF) * 299 + ((rgb >> 8) & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000;
    return luma > 51 ? 0x333333 : 0x808080;
  }

  /**
   * SHA-256 of how {@code code} is drawn (name, surface and edge colour, alpha, finish, after resolution): an
   * image's input hash includes it, so editing a colour's LDConfig line re-renders exactly the images in it.
   */
  public String definitionHash(int code) {
    return org.brickbox.io.records.Hashes.sha256Hex(org.brickbox.io.records.Json.line(resolve(code)));
  }

  /** All library colours in file order (16 and 24 included). */
  public List<LDrawColour> all() {
    return new ArrayList<>(byCode.values());
  }
}
