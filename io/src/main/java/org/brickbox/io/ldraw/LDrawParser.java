package org.brickbox.io.ldraw;

import java.util.ArrayList;
import java.util.List;
import org.brickbox.io.records.Hashes;

/**
 * Parses the bytes of one LDraw file (line types 0–5, CRLF or LF, tabs, blank lines, no final newline) into an
 * {@link LDrawFile}. Malformed lines are skipped and recorded as problems; type-1 references are resolved
 * through the {@link LibraryIndex} but not followed. Not thread-safe: use one parser per parse.
 */
final class LDrawParser {
  private final LibraryIndex index;
  private final String key;
  private final LineTokens tokens = new LineTokens();
  private final MeshBuilder geometry = new MeshBuilder();
  private final List<SubFileRef> references = new ArrayList<>();
  private final List<LDrawProblem> problems = new ArrayList<>();
  private final HeaderCollector header;
  private final float[] points = new float[12];
  private final float[] split = new float[18];
  private final BfcState bfc = new BfcState();

  private LDrawParser(LibraryIndex index, String key) {
    this.index = index;
    this.key = key;
    this.header = new HeaderCollector(idOf(key));
  }

  /** Parses a whole file. */
  static LDrawFile parse(LibraryIndex index, String key, byte[] content) {
    LDrawParser parser = new LDrawParser(index, key);
    parser.readLines(content, false);
    return new LDrawFile(key, parser.header.build(), parser.geometry.build(), List.copyOf(parser.references),
        List.copyOf(parser.problems), Hashes.sha256().digest(content));
  }

  /** Reads only the header: type-0 lines up to the first geometry line. */
  static PartHeader parseHeader(String key, byte[] content) {
    LDrawParser parser = new LDrawParser(null, key);
    parser.readLines(content, true);
    return parser.header.build();
  }

  static String idOf(String key) {
    String fileName = key.substring(key.lastIndexOf('/') + 1);
    return fileName.endsWith(".dat") ? fileName.substring(0, fileName.length() - 4) : fileName;
  }

  private void readLines(byte[] content, boolean headerOnly) {
    int lineNumber = 0;
    boolean first = true;
    for (int start = 0; start < content.length; ) {
      int end = start;
      while (end < content.length && content[end] != '\n') end++;
      lineNumber++;
      tokens.split(content, start, end);
      start = end + 1;
      if (tokens.count() == 0) continue;
      boolean isMeta = tokens.isChar(0, '0');
      if (headerOnly && !isMeta) return;
      try {
        readLine(lineNumber, first);
      } catch (NumberFormatException e) {
        problems.add(new LDrawProblem(key, lineNumber, "malformed line skipped: not a number (" + e.getMessage() + ")"));
      }
      first = false;
    }
  }

  private void readLine(int lineNumber, boolean first) {
    if (tokens.isChar(0, '0')) {
      readMeta(first);
    } else if (tokens.isChar(0, '1')) {
      readReference(lineNumber);
    } else if (tokens.isChar(0, '2')) {
      if (hasTokens(lineNumber, 8)) geometry.addEdge(points, 0, readPoints(2));
    } else if (tokens.isChar(0, '3')) {
      if (hasTokens(lineNumber, 11)) addWound(points, 0, readPoints(3));
    } else if (tokens.isChar(0, '4')) {
      if (hasTokens(lineNumber, 14)) addQuad(readPoints(4));
    } else if (tokens.isChar(0, '5')) {
      if (hasTokens(lineNumber, 14)) geometry.addConditionalLine(points, 0, readPoints(4));
    } else {
      problems.add(new LDrawProblem(key, lineNumber, "malformed line skipped: unknown line type"));
    }
  }

  private boolean hasTokens(int lineNumber, int expected) {
    if (tokens.count() == expected) return true;
    problems.add(new LDrawProblem(key, lineNumber,
        "malformed line skipped: expected " + expected + " tokens, found " + tokens.count()));
    return false;
  }

  /** Parses {@code n} points into {@link #points} and returns the colour; throws before anything is added. */
  private int readPoints(int n) {
    int colour = tokens.colour(1);
    for (int i = 0; i < 3 * n; i++) points[i] = tokens.number(2 + i);
    return colour;
  }

  private void addQuad(int colour) {
    QuadSplitter.split(points, 0, split);
    addWound(split, 0, colour);
    addWound(split, 9, colour);
  }

  /** Adds a triangle wound CCW: CW sections are flipped here, so the flattener only handles inversion. */
  private void addWound(float[] p, int offset, int colour) {
    if (!bfc.ccw) swapLastTwoVertices(p, offset);
    geometry.addTriangle(p, offset, colour, !bfc.culls());
  }

  static void swapLastTwoVertices(float[] p, int offset) {
    for (int a = 0; a < 3; a++) {
      float t = p[offset + 3 + a];
      p[offset + 3 + a] = p[offset + 6 + a];
      p[offset + 6 + a] = t;
    }
  }

  private void readReference(int lineNumber) {
    if (tokens.count() < 15) {
      problems.add(new LDrawProblem(key, lineNumber,
          "malformed line skipped: expected 15 tokens (the last a file name), found " + tokens.count()));
      return;
    }
    int colour = tokens.colour(1);
    float[] m = new float[12];
    for (int row = 0; row < 3; row++) {
      m[4 * row + 3] = tokens.number(2 + row);
      for (int col = 0; col < 3; col++) m[4 * row + col] = tokens.number(5 + 3 * row + col);
    }
    LibraryIndex.Resolution target = index.resolve(tokens.restFrom(14), key);
    boolean inverts = bfc.invertNext ^ SubFileRef.hasNegativeDeterminant(m);
    references.add(new SubFileRef(lineNumber, colour, m, target.key(), target.error(), inverts, bfc.culls()));
    bfc.invertNext = false;
  }

  private void readMeta(boolean first) {
    if (tokens.count() < 2) return;
    String text = tokens.restFrom(1);
    if (text.startsWith("BFC")) {
      bfc.apply(text.substring(3).trim().split("\\s+"));
    } else {
      header.accept(text, first);
    }
  }

  /** Back-face culling state while reading one file. */
  private static final class BfcState {
    boolean certified;
    boolean ccw = true;
    boolean clip = true;
    boolean invertNext;

    boolean culls() {
      return certified && clip;
    }

    void apply(String[] words) {
      for (String word : words) {
        switch (word) {
          case "CERTIFY" -> certified = true;
          case "NOCERTIFY" -> certified = false;
          case "CW" -> ccw = false;
          case "CCW" -> ccw = true;
          case "CLIP" -> clip = true;
          case "NOCLIP" -> clip = false;
          case "INVERTNEXT" -> invertNext = true;
          default -> { } // unknown BFC words are ignored, as other LDraw readers do
        }
      }
    }
  }
}
