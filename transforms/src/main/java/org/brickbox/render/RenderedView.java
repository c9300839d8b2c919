package org.brickbox.render;

/**
 * One rendered image. The arrays are handed over, not copied, and records compare arrays by identity: compare
 * pixels with {@code Arrays.equals}.
 *
 * @param rgb {@code width*height*3} bytes, rows top to bottom, pixels left to right, bytes R, G, B
 * @param mask {@code width*height} bytes, same pixel order: 255 where the part covers the pixel, 0 where only
 *     background shows, in between on anti-aliased borders and behind transparent colours' coverage
 */
public record RenderedView(int width, int height, byte[] rgb, byte[] mask, ViewMetadata metadata) {}
