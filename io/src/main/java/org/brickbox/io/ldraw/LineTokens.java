package org.brickbox.io.ldraw;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits one line of an LDraw file (bytes, any of space or tab as separator) into tokens and parses numbers
 * from them without creating strings: the parser reads some 30 million numbers for the whole library.
 */
final class LineTokens {
  private static final int MAX_TOKENS = 16;
  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18
  };

  private byte[] bytes;
  private int lineEnd;
  private final int[] starts = new int[MAX_TOKENS];
  private final int[] ends = new int[MAX_TOKENS];
  private int count;

  /** Tokenises {@code bytes[from, to)}; afterwards {@link #count()} says how many tokens there are. */
  void split(byte[] bytes, int from, int to) {
    this.bytes = bytes;
    this.lineEnd = to;
    count = 0;
    int i = from;
    while (true) {
      while (i < to && isSpace(bytes[i])) i++;
      if (i == to) return;
      int start = i;
      while (i < to && !isSpace(bytes[i])) i++;
      if (count < MAX_TOKENS) {
        starts[count] = start;
        ends[count] = i;
      }
      count++;
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\f';
  }

  /** Number of tokens on the line (may exceed the number stored, which is only checked against). */
  int count() {
    return count;
  }

  /** True when token {@code k} is the single character {@code c}. */
  boolean isChar(int k, char c) {
    return ends[k] - starts[k] == 1 && bytes[starts[k]] == c;
  }

  /** The text from the start of token {@code k} to the end of the line, trimmed; decoded as UTF-8 or Latin-1. */
  String restFrom(int k) {
    int end = lineEnd;
    while (end > starts[k] && isSpace(bytes[end - 1])) end--;
    return decode(bytes, starts[k], end);
  }

  /** A colour code: decimal, or hexadecimal with {@code 0x} (direct colours {@code 0x2RRGGBB}). */
  int colour(int k) {
    int s = starts[k];
    int e = ends[k];
    if (e - s > 2 && bytes[s] == '0' && (bytes[s + 1] == 'x' || bytes[s + 1] == 'X')) {
      return Integer.parseUnsignedInt(new String(bytes, s + 2, e - s - 2, StandardCharsets.ISO_8859_1), 16);
    }
    return Integer.parseInt(new String(bytes, s, e - s, StandardCharsets.ISO_8859_1));
  }

  /** A decimal number; the common plain form is parsed in place, anything else by {@link Float#parseFloat}. */
  float number(int k) {
    int i = starts[k];
    int e = ends[k];
    boolean negative = bytes[i] == '-';
    if (negative || bytes[i] == '+') i++;
    long mantissa = 0;
    int digits = 0;
    int fraction = -1;
    for (; i < e; i++) {
      byte b = bytes[i];
      if (b >= '0' && b <= '9') {
        mantissa = mantissa * 10 + (b - '0');
        digits++;
        if (fraction >= 0) fraction++;
      } else if (b == '.' && fraction < 0) {
        fraction = 0;
      } else {
        break;
      }
    }
    if (i < e || digits == 0 || digits > 18) {
      float parsed = Float.parseFloat(new String(bytes, starts[k], e - starts[k], StandardCharsets.ISO_8859_1));
      if (!Float.isFinite(parsed)) throw new NumberFormatException("not a finite number");
      return parsed;
    }
    double value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
    return (float) (negative ? -value : value);
  }

  /** Decodes header text: strict UTF-8 when it is valid, else ISO-8859-1 (both occur in the library). */
  static String decode(byte[] bytes, int from, int to) {
    boolean ascii = true;
    for (int i = from; i < to && ascii; i++) ascii = bytes[i] >= 0;
    if (ascii) return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }
  }
}
