package org.brickbox.io.image;

import java.util.Locale;

/** An image whose header declares more pixels than the caller allows (a decompression bomb, or just too big). */
public final class ImageTooLargeException extends ImageCodecException {
  public ImageTooLargeException(ImageHeader header, long maxPixels) {
    super(String.format(Locale.ROOT, "%s of %d × %d = %,d pixels, over the limit of %,d pixels (maxPixels)",
        header.format(), header.width(), header.height(), header.pixels(), maxPixels));
  }
}
