package org.brickbox.render.photo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.render.BackgroundMode;
import org.brickbox.render.PartRenderer;
import org.brickbox.render.PreparedMesh;
import org.brickbox.render.RenderKey;
import org.brickbox.render.RenderSettings;

/**
 * Pictures for a person to judge the photographic building blocks by eye; not a test. Writes to {@code outDir}:
 * {@code camera-1.png} and {@code camera-2.png}, rows of images (a synthetic glossy sphere, and rendered parts when an LDraw library is found)
 * with, left to right: as rendered, defocus σ 1.5, motion 6 px, warm light and +30 % exposure, cool light and −25 %,
 * noise σ 6, vignetting 0.35, resampled at 0.4, JPEG 55, then four random draws of the default settings; and
 * sheets of surfaces (see {@link #writeSurfaceSheets}).
 *
 * <p>Usage: {@code PhotoContactSheet [outDir=/tmp] [ldrawDir|-] [parts=3001,3020,3062b]}.
 */
public final class PhotoContactSheet {
  private static final int SIZE = 224;

  private PhotoContactSheet() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "/tmp");
    List<byte[]> rows = new ArrayList<>();
    rows.add(TestImages.scene(SIZE, SIZE));
    try {
      LDrawLibrary library = LDrawLibrary.shared(LDrawLibrary.locate(args.length > 1 && !args[1].equals("-")
          ? args[1] : null));
      String[] parts = (args.length > 2 ? args[2] : "3001,3020,3062b").split(",");
      RenderSettings settings = RenderSettings.builder().imageSize(SIZE).viewCount(4).edges(false)
          .background(BackgroundMode.PLAIN).backgroundRgb(0xD0D0D0).elevationDeg(-80, 80).build();
      int[] colours = {15, 4, 71}; // white, red, light bluish grey
      for (int p = 0; p < parts.length; p++) {
        PreparedMesh mesh = PreparedMesh.of(library.load(parts[p]).mesh());
        RenderKey key = new RenderKey(parts[p], colours[p % colours.length], 1, settings.seed());
        rows.add(new PartRenderer().render(mesh, library.colours(), settings, key).rgb());
      }
    } catch (RuntimeException e) {
      System.out.println("no rendered parts (" + e.getMessage() + "); the synthetic scene only");
    }
    writeCameraSheets(rows, out);
    writeSurfaceSheets(out);
  }

  /**
   * {@code surfaces-kinds.png}: three surfaces of each kind, a row per kind in two sheets; {@code surfaces-mix.png}:
   * 5 × 3 surfaces picked with the photo weights, through the default camera. All 60 mm across, 2 × 2 supersampled
   * as the renderer does.
   */
  private static void writeSurfaceSheets(Path dir) throws IOException {
    SurfaceKind[] kinds = SurfaceKind.values();
    for (int sheet = 0; sheet < 2; sheet++) {
      List<byte[]> tiles = new ArrayList<>();
      for (int k = sheet * 3; k < sheet * 3 + 3; k++) {
        SplittableRandom random = new SplittableRandom(100 + k);
        for (int i = 0; i < 3; i++) {
          Surface surface = Surface.random(random, kinds[k]);
          tiles.add(surface(surface, 60));
          System.out.println(surface.describe());
        }
      }
      writeGrid(tiles, 3, dir.resolve("surfaces-kinds-" + (sheet + 1) + ".png"));
    }
    List<byte[]> mix = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(2026);
    CameraStage stage = new CameraStage();
    for (int i = 0; i < 15; i++) {
      byte[] tile = surface(Surface.random(random), 60);
      stage.apply(tile, SIZE, SIZE, CameraEffects.random(random, CameraStageSettings.defaults()), random);
      mix.add(tile);
    }
    writeGrid(mix, 5, dir.resolve("surfaces-mix.png"));
  }

  /** The surface's albedo over a square {@code acrossMm} wide, centred on the plane's origin. */
  private static byte[] surface(Surface surface, double acrossMm) {
    byte[] rgb = new byte[SIZE * SIZE * 3];
    double step = acrossMm / SIZE;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int sy = 0; sy < 2; sy++) {
          for (int sx = 0; sx < 2; sx++) {
            int c = surface.albedoRgb((x + 0.25 + 0.5 * sx) * step - acrossMm / 2,
                (y + 0.25 + 0.5 * sy) * step - acrossMm / 2);
            r += (c >> 16) & 0xFF;
            g += (c >> 8) & 0xFF;
            b += c & 0xFF;
          }
        }
        int p = (y * SIZE + x) * 3;
        rgb[p] = (byte) ((r + 2) / 4);
        rgb[p + 1] = (byte) ((g + 2) / 4);
        rgb[p + 2] = (byte) ((b + 2) / 4);
      }
    }
    return rgb;
  }

  private static void writeGrid(List<byte[]> tiles, int columns, Path file) throws IOException {
    int rows = (tiles.size() + columns - 1) / columns;
    int width = columns * SIZE;
    byte[] sheet = new byte[width * rows * SIZE * 3];
    for (int i = 0; i < tiles.size(); i++) {
      paste(sheet, width, tiles.get(i), SIZE, (i % columns) * SIZE, (i / columns) * SIZE);
    }
    Files.write(file, ImageCodec.encodeRgbPng(sheet, width, rows * SIZE));
    System.out.println(file);
  }

  /** Seven columns a sheet, so that a picture viewer shows each at full size. */
  private static void writeCameraSheets(List<byte[]> images, Path dir) throws IOException {
    double[] warm = WhiteBalance.gains(3000, 0, 0.35);
    double[] cool = WhiteBalance.gains(7500, 0, 0.35);
    List<CameraEffects> columns = new ArrayList<>(List.of(
        CameraEffects.NONE,
        new CameraEffects(1.5, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0),
        new CameraEffects(0, 6, 30, 1, 1, 1, 1, 0, 0, 1, 0),
        new CameraEffects(0, 0, 0, 1.3, warm[0], warm[1], warm[2], 0, 0, 1, 0),
        new CameraEffects(0, 0, 0, 0.75, cool[0], cool[1], cool[2], 0, 0, 1, 0),
        new CameraEffects(0, 0, 0, 1, 1, 1, 1, 6, 0, 1, 0),
        new CameraEffects(0, 0, 0, 1, 1, 1, 1, 0, 0.35, 1, 0),
        new CameraEffects(0, 0, 0, 1, 1, 1, 1, 0, 0, 0.4, 0),
        new CameraEffects(0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 55)));
    SplittableRandom draws = new SplittableRandom(7);
    for (int i = 0; i < 4; i++) columns.add(CameraEffects.random(draws, CameraStageSettings.defaults()));
    int perSheet = 7;
    int width = perSheet * SIZE;
    CameraStage stage = new CameraStage();
    for (int first = 0; first < columns.size(); first += perSheet) {
      byte[] sheet = new byte[width * images.size() * SIZE * 3];
      for (int row = 0; row < images.size(); row++) {
        for (int column = first; column < Math.min(columns.size(), first + perSheet); column++) {
          byte[] image = images.get(row).clone();
          stage.apply(image, SIZE, SIZE, columns.get(column), new SplittableRandom(row * 100L + column));
          paste(sheet, width, image, SIZE, (column - first) * SIZE, row * SIZE);
        }
      }
      Path file = dir.resolve("camera-" + (first / perSheet + 1) + ".png");
      Files.write(file, ImageCodec.encodeRgbPng(sheet, width, images.size() * SIZE));
      System.out.println(file);
    }
    for (int column = 9; column < columns.size(); column++) System.out.println(column + ": " + columns.get(column));
  }

  private static void paste(byte[] sheet, int sheetWidth, byte[] image, int size, int x, int y) {
    for (int row = 0; row < size; row++) {
      System.arraycopy(image, row * size * 3, sheet, ((y + row) * sheetWidth + x) * 3, size * 3);
    }
  }
}
