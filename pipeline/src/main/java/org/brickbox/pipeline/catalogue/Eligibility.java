package org.brickbox.pipeline.catalogue;

import java.util.Optional;
import java.util.regex.Pattern;
import org.brickbox.io.ldraw.PartHeader;

/**
 * Which library parts may be in a catalogue of parts people sort: a real, current, plain part, not an alias or a
 * printed, stickered, assembled or flexed variant of one, and not from another product line.
 */
final class Eligibility {
  /** A LEGO design number, optionally with one mould-variant letter (3001, 3069b); not u9026, 2462d01, 3712c01. */
  private static final Pattern DESIGN_NUMBER = Pattern.compile("\\d+[a-z]?");
  /** Product lines not sorted with System and Technic parts, and geometry LDraw marks as unfinished. */
  private static final Pattern OTHER_LINE = Pattern.compile(
      "\\b(Duplo|Primo|Quatro|Mursten|Fabuland|Znap|Scala|Belville|Clikits|Homemaker|Constraction|Bionicle|Galidor"
          + "|Minitalia|Bygglek|Needs Work)\\b");

  private Eligibility() {}

  /** Why the part may not be in the catalogue, or empty when it may. */
  static Optional<String> rejection(PartHeader header) {
    if (!header.type().equals("Part") || !header.typeQualifiers().isEmpty()) {
      return Optional.of("not an official plain part (" + String.join(" ", header.type(), String.join(" ",
          header.typeQualifiers())).trim() + ")");
    }
    if (header.isAliasOrMoved() || header.movedTo().isPresent()) return Optional.of("alias or moved part");
    if (header.isSticker() || header.description().contains("Sticker")) return Optional.of("sticker");
    if (header.isPatterned()) return Optional.of("patterned (printed) part");
    if (!DESIGN_NUMBER.matcher(header.id()).matches()) {
      return Optional.of("id is not a plain design number (decorated, assembled, formed or unnumbered part)");
    }
    if (OTHER_LINE.matcher(header.description()).find() || OTHER_LINE.matcher(header.category()).find()) {
      return Optional.of("another product line, or geometry marked 'Needs Work'");
    }
    return Optional.empty();
  }
}
