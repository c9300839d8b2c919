package org.brickbox.io.image;

/**
 * Pixels decoded from an image file: {@code channels} is 3 for RGB (bytes R, G, B per pixel) or 1 for grey; rows
 * top to bottom, pixels left to right, no padding.
 */
public record DecodedImage(int width, int height, int channels, byte[] pixels) {}
