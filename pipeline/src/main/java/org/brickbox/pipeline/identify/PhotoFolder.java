package org.brickbox.pipeline.identify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.brickbox.io.image.UnreadFormat;

/**
 * A labelled photo folder, {@code DIR/<partId>/<capture>_<side>.<ext>}: the photos of one capture (one physical part,
 * photographed from one or more sides) share the file name before the last {@code _}; a name without {@code _} is a
 * capture of one photo. Every other file is kept as {@link #skipped} with the reason, never dropped unseen.
 */
public record PhotoFolder(Path root, List<Capture> captures, List<Problem> skipped) {
  /** The photo formats identify reads, by file extension (any case). */
  public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp");
  public static final String LAYOUT = "DIR/<partId>/<capture>_<side>.jpg";
  /** An unlabelled folder's layout ({@link #scanUnlabelled}): a machine's photos, their parts unknown. */
  public static final String UNLABELLED_LAYOUT = "DIR/<capture>_<side>.jpg";
  /** The part id of an unlabelled folder's captures. */
  public static final String UNKNOWN_PART = "";

  /** A photo's file name read by the layout: its capture and the side it shows ({@code ""}: a capture of one photo). */
  public record PhotoName(String capture, String side) {}

  /**
   * A camera's own file name: a phone's or camera's prefix (IMG, PXL, DSC, MVIMG, PANO) or a date, then groups of
   * digits joined by {@code _} (IMG_0412, IMG_20261206_101530, PXL_20261206_101530123, 20261206_101530). Such a name
   * counts photos, not sides: read by the layout, a day's or a folder's photos would all be one physical part.
   */
  static final Pattern CAMERA_NAME = Pattern.compile("(?i)(img|pxl|dsc|mvimg|pano|\\d{8})(_\\d+)+");

  /**
   * The capture and side a photo's file name says: the text before the last {@code _} and after it (the extension
   * left out); a name without {@code _}, or a camera's own name ({@link #CAMERA_NAME}), is its own capture, of no
   * side.
   */
  public static PhotoName nameOf(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String base = dot < 0 ? fileName : fileName.substring(0, dot);
    if (CAMERA_NAME.matcher(base).matches()) return new PhotoName(base, "");
    int side = base.lastIndexOf('_');
    return side > 0 ? new PhotoName(base.substring(0, side), base.substring(side + 1)) : new PhotoName(base, "");
  }

  /**
   * One physical part: its true part id (the folder; {@link #UNKNOWN_PART} in an unlabelled folder), the capture's
   * name and its photos, in name order.
   */
  public record Capture(String partId, String name, List<Path> photos) {}

  /** A file that is not used, or a photo that cannot be, with why. */
  public record Problem(String path, String reason) {}

  /**
   * Reads the folder's file names (not the photos). A link to a file outside the folder is skipped with its
   * reason, never read: the folder is all BrickBox may read of what the user pointed it to.
   */
  public static PhotoFolder scan(Path root) throws IOException {
    return read(root, LAYOUT, files -> of(root, files));
  }

  /**
   * Reads an unlabelled folder, {@code DIR/<capture>_<side>.<ext>} (a sorting machine's photos, their parts not
   * known): its captures have the part id {@link #UNKNOWN_PART}; a file in a sub-folder is skipped with the reason.
   */
  public static PhotoFolder scanUnlabelled(Path root) throws IOException {
    return read(root, UNLABELLED_LAYOUT, files -> unlabelled(root, files));
  }

  private static PhotoFolder read(Path root, String layout,
      Function<List<Path>, PhotoFolder> grouping) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("--photos: " + root + " is not a directory (expected " + layout + ")");
    }
    Path realRoot = root.toRealPath();
    List<Path> inside = new ArrayList<>();
    List<Problem> outside = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        if (Files.isSymbolicLink(file) && !file.toRealPath().startsWith(realRoot)) {
          outside.add(new Problem(file.toString(), "a link to " + file.toRealPath() + ", outside the photos folder"));
        } else {
          inside.add(root.relativize(file));
        }
      }
    }
    PhotoFolder folder = grouping.apply(inside);
    List<Problem> skipped = new ArrayList<>(outside);
    skipped.addAll(folder.skipped());
    return new PhotoFolder(root, folder.captures(), List.copyOf(skipped));
  }

  /**
   * Reads the camera scales of this folder's photos from {@code file}: lines {@code <partId>/<file><TAB><pixels per
   * millimetre>} ({@code #} starts a comment), as a calibrated camera measures them.
   *
   * @return each named photo's scale, by its path as in {@link #captures}
   * @throws IllegalArgumentException naming the line that is not a photo of the folder and a positive number
   */
  public Map<Path, Double> readScales(Path file) throws IOException {
    Set<Path> photos = new HashSet<>();
    for (Capture c : captures) photos.addAll(c.photos());
    Map<Path, Double> scales = new TreeMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String where = file + " line " + (i + 1) + ": ";
      String[] fields = line.split("\t");
      if (fields.length != 2) {
        throw new IllegalArgumentException(where + "expected <partId>/<file><TAB><pixels per millimetre>, was '"
            + line + "'");
      }
      Path photo = root.resolve(fields[0].strip());
      if (!photos.contains(photo)) throw new IllegalArgumentException(where + fields[0] + " is not a photo of the folder");
      double scale = CameraScale.parse(fields[1], where + "the scale");
      if (Double.isNaN(scale)) throw new IllegalArgumentException(where + "no scale for " + fields[0]);
      if (scales.put(photo, scale) != null) throw new IllegalArgumentException(where + fields[0] + " is named twice");
    }
    return Map.copyOf(scales);
  }

  /**
   * Each photo's camera scale: the one {@code calibration} names ({@link #readScales}), else {@code others}.
   *
   * @param calibration a calibration file, or null for none
   * @param others pixels per millimetre of every photo the file does not name; NaN for unknown
   */
  public ToDoubleFunction<Path> scales(Path calibration, double others) throws IOException {
    Map<Path, Double> named = calibration == null ? Map.of() : readScales(calibration);
    return photo -> named.getOrDefault(photo, others);
  }

  /** Why a file with this extension is not read; a photo format BrickBox cannot read is named, with what to do. */
  private static String notAPhoto(String extension) {
    UnreadFormat format = UnreadFormat.ofExtension(extension);
    return "not a photo" + (format == null ? "" : " BrickBox reads: " + format.describe())
        + " (expected .jpg, .jpeg, .png or .webp)";
  }

  /** Groups {@code files} (relative to {@code root}) into captures; pure, the file system is not read. */
  public static PhotoFolder of(Path root, List<Path> files) {
    return grouped(root, files, file -> file.getNameCount() == 1 ? "not in a part folder (expected " + LAYOUT + ")"
        : file.getNameCount() > 2 ? "in a sub-folder of a part folder (expected " + LAYOUT + ")"
        : null, file -> file.getName(0).toString());
  }

  /** Groups an unlabelled folder's {@code files} into captures of {@link #UNKNOWN_PART}; pure. */
  public static PhotoFolder unlabelled(Path root, List<Path> files) {
    return grouped(root, files, file -> file.getNameCount() > 1
        ? "in a sub-folder (an unlabelled folder holds its photos directly: " + UNLABELLED_LAYOUT + ")" : null,
        file -> UNKNOWN_PART);
  }

  /**
   * @param misplaced why a file is not where the layout puts photos, or null where it is
   * @param partOf the part id a well-placed photo is labelled with
   */
  private static PhotoFolder grouped(Path root, List<Path> files, Function<Path, String> misplaced,
      Function<Path, String> partOf) {
    Map<String, Map<String, List<Path>>> byPart = new TreeMap<>();
    List<Problem> skipped = new ArrayList<>();
    for (Path file : files.stream().sorted().toList()) {
      String name = file.getFileName().toString();
      int dot = name.lastIndexOf('.');
      String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
      String reason = misplaced.apply(file);
      if (reason == null && !EXTENSIONS.contains(extension)) reason = notAPhoto(extension);
      if (reason != null) {
        skipped.add(new Problem(root.resolve(file).toString(), reason));
        continue;
      }
      byPart.computeIfAbsent(partOf.apply(file), p -> new TreeMap<>())
          .computeIfAbsent(nameOf(name).capture(), c -> new ArrayList<>()).add(root.resolve(file));
    }
    List<Capture> captures = new ArrayList<>();
    byPart.forEach((part, byCapture) -> byCapture.forEach((capture, photos) ->
        captures.add(new Capture(part, capture, List.copyOf(photos)))));
    return new PhotoFolder(root, List.copyOf(captures), List.copyOf(skipped));
  }
}
