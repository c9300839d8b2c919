package org.brickbox.pipeline.catalogue;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.brickbox.io.ldraw.PartHeader;

/**
 * The part families a sorting bin would hold, read from a part's LDraw category and title. The order is the order of
 * the catalogue file; {@link #OTHER} holds only parts put there by hand (minifig accessories, plants, wheels, ...).
 */
public enum Family {
  BRICK("brick", "bricks"),
  PLATE("plate", "plates"),
  TILE("tile", "tiles"),
  SLOPE("slope", "slopes (incl. curved and inverted)"),
  WEDGE("wedge", "wedges and wedge plates"),
  ARCH("arch", "arches"),
  ROUND("round", "round bricks, plates and tiles, cones, dishes, cylinders"),
  CLIP_BAR("clip-bar", "clips and bars"),
  HINGE("hinge", "hinges"),
  BRACKET("bracket", "brackets"),
  PANEL("panel", "panels"),
  WINDOW_DOOR("window-door", "windows, doors, glass, windscreens"),
  FENCE_SUPPORT("fence-support", "fences, gates, supports, ladders, turntables"),
  TECHNIC_BEAM("technic-beam", "Technic beams and liftarms"),
  TECHNIC_PIN_AXLE("technic-pin-axle", "Technic pins and axles"),
  TECHNIC_CONNECTOR("technic-connector", "Technic connectors, cross blocks, bushes, joints"),
  TECHNIC_GEAR("technic-gear", "Technic gears, racks, turntables"),
  TECHNIC_BRICK("technic-brick", "Technic bricks and plates"),
  TECHNIC_OTHER("technic-other", "other Technic (panels, steering, shooters, ...)"),
  OTHER("other", "other common parts (by hand only)");

  /** Technic parts no family takes: hoses, pneumatics, Bionicle and single-model specials. */
  private static final Pattern TECHNIC_LEFT_OUT = Pattern.compile(
      "Flex-System|Pneumatic|Excavator|Bionicle|Shock Absorber|Linear Actuator|Rubber Belt|Chain Tread|Tread Crawler"
          + "|Helmet");
  private static final Pattern CLIP = Pattern.compile("\\bClips?\\b");
  private static final Pattern ROUND_WORD = Pattern.compile("\\bRound\\b");

  /** Name in the curation file (e.g. {@code technic-beam}). */
  public final String key;
  /** What the family holds, for the catalogue's header. */
  public final String label;

  Family(String key, String label) {
    this.key = key;
    this.label = label;
  }

  public static Family ofKey(String key) {
    for (Family f : values()) {
      if (f.key.equals(key)) return f;
    }
    throw new IllegalArgumentException("unknown family '" + key + "'");
  }

  /** The family a part falls into by its category and title, or empty when it is in none (e.g. minifig parts). */
  public static Optional<Family> of(PartHeader header) {
    String category = header.category();
    String title = Titles.plain(header.description());
    if (category.equals("Technic")) return Optional.ofNullable(technic(title));
    boolean basic = category.equals("Brick") || category.equals("Plate") || category.equals("Tile");
    if (category.equals("Bar") || basic && CLIP.matcher(title).find()) return Optional.of(CLIP_BAR);
    if (basic && ROUND_WORD.matcher(title).find()) return Optional.of(ROUND);
    return Optional.ofNullable(switch (category.toLowerCase(Locale.ROOT)) {
      case "brick" -> BRICK;
      case "plate" -> PLATE;
      case "tile" -> TILE;
      case "slope" -> SLOPE;
      case "wedge", "wing" -> WEDGE;
      case "arch" -> ARCH;
      case "cone", "dish", "cylinder" -> ROUND;
      case "hinge" -> HINGE;
      case "bracket" -> BRACKET;
      case "panel" -> PANEL;
      case "window", "door", "glass", "windscreen" -> WINDOW_DOOR;
      case "fence", "support", "ladder", "turntable" -> FENCE_SUPPORT;
      default -> null;
    });
  }

  private static Family technic(String title) {
    if (TECHNIC_LEFT_OUT.matcher(title).find()) return null;
    if (title.matches("Technic (Beam|Liftarm|Link)\\b.*")) return TECHNIC_BEAM;
    if (title.matches("Technic (Axle|Pin)\\b.*") && !title.matches("Technic (Axle|Pin) (Joiner|Connector)\\b.*")) {
      return TECHNIC_PIN_AXLE;
    }
    if (title.matches("Technic (Gear|Worm Gear|Differential|Turntable|Sprocket|Pulley|Wedge Belt)\\b.*")) {
      return TECHNIC_GEAR;
    }
    if (title.matches("Technic (Brick|Plate)\\b.*")) return TECHNIC_BRICK;
    if (title.matches("Technic (Bush|Connector|Cross Block|Angle Connector|Axle Joiner|Pin Joiner|Pin Connector"
        + "|Axle Connector|Universal Joint|Ball Joint)\\b.*")) {
      return TECHNIC_CONNECTOR;
    }
    return TECHNIC_OTHER;
  }
}
