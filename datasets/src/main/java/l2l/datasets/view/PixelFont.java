package l2l.datasets.view;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A 5x7 pixel font of upper-case letters, digits and the punctuation of dataset and class names,
 * drawn straight into pixel arrays. It needs no system fonts, so rendering works the same on
 * headless servers without any font installed. Lower-case letters are drawn in upper case, and
 * characters outside the font as {@code ?}.
 */
final class PixelFont {

    /** The width of a glyph in font pixels. */
    static final int WIDTH = 5;

    /** The height of a glyph in font pixels. */
    static final int HEIGHT = 7;

    /** The advance from one character to the next, in font pixels: the glyph and one blank column. */
    static final int ADVANCE = WIDTH + 1;

    private static final Map<Character, String[]> GLYPHS = new HashMap<>();

    static {
        glyph('A', " ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #");
        glyph('B', "#### ", "#   #", "#   #", "#### ", "#   #", "#   #", "#### ");
        glyph('C', " ### ", "#   #", "#    ", "#    ", "#    ", "#   #", " ### ");
        glyph('D', "#### ", "#   #", "#   #", "#   #", "#   #", "#   #", "#### ");
        glyph('E', "#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####");
        glyph('F', "#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#    ");
        glyph('G', " ### ", "#   #", "#    ", "# ###", "#   #", "#   #", " ####");
        glyph('H', "#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #");
        glyph('I', " ### ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### ");
        glyph('J', "  ###", "   # ", "   # ", "   # ", "   # ", "#  # ", " ##  ");
        glyph('K', "#   #", "#  # ", "# #  ", "##   ", "# #  ", "#  # ", "#   #");
        glyph('L', "#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####");
        glyph('M', "#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #");
        glyph('N', "#   #", "#   #", "##  #", "# # #", "#  ##", "#   #", "#   #");
        glyph('O', " ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### ");
        glyph('P', "#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    ");
        glyph('Q', " ### ", "#   #", "#   #", "#   #", "# # #", "#  # ", " ## #");
        glyph('R', "#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #");
        glyph('S', " ####", "#    ", "#    ", " ### ", "    #", "    #", "#### ");
        glyph('T', "#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ");
        glyph('U', "#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### ");
        glyph('V', "#   #", "#   #", "#   #", "#   #", "#   #", " # # ", "  #  ");
        glyph('W', "#   #", "#   #", "#   #", "# # #", "# # #", "# # #", " # # ");
        glyph('X', "#   #", "#   #", " # # ", "  #  ", " # # ", "#   #", "#   #");
        glyph('Y', "#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  ");
        glyph('Z', "#####", "    #", "   # ", "  #  ", " #   ", "#    ", "#####");
        glyph('0', " ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### ");
        glyph('1', "  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### ");
        glyph('2', " ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####");
        glyph('3', "#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### ");
        glyph('4', "   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # ");
        glyph('5', "#####", "#    ", "#### ", "    #", "    #", "#   #", " ### ");
        glyph('6', "  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### ");
        glyph('7', "#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   ");
        glyph('8', " ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### ");
        glyph('9', " ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  ");
        glyph(' ', "     ", "     ", "     ", "     ", "     ", "     ", "     ");
        glyph('_', "     ", "     ", "     ", "     ", "     ", "     ", "#####");
        glyph('-', "     ", "     ", "     ", "#####", "     ", "     ", "     ");
        glyph('+', "     ", "  #  ", "  #  ", "#####", "  #  ", "  #  ", "     ");
        glyph('=', "     ", "     ", "#####", "     ", "#####", "     ", "     ");
        glyph('/', "     ", "    #", "   # ", "  #  ", " #   ", "#    ", "     ");
        glyph('(', "   # ", "  #  ", " #   ", " #   ", " #   ", "  #  ", "   # ");
        glyph(')', " #   ", "  #  ", "   # ", "   # ", "   # ", "  #  ", " #   ");
        glyph('.', "     ", "     ", "     ", "     ", "     ", " ##  ", " ##  ");
        glyph(',', "     ", "     ", "     ", "     ", " ##  ", "  #  ", " #   ");
        glyph(':', "     ", " ##  ", " ##  ", "     ", " ##  ", " ##  ", "     ");
        glyph('#', " # # ", " # # ", "#####", " # # ", "#####", " # # ", " # # ");
        glyph('?', " ### ", "#   #", "    #", "   # ", "  #  ", "     ", "  #  ");
    }

    private PixelFont() {
    }

    private static void glyph(char character, String... rows) {
        GLYPHS.put(character, rows);
    }

    /** Returns the width in image pixels of {@code text} drawn at {@code scale} image pixels per font pixel. */
    static int width(String text, int scale) {
        return text.isEmpty() ? 0 : (text.length() * ADVANCE - 1) * scale;
    }

    /**
     * Draws {@code text} into {@code pixels} (packed RGB, {@code imageWidth} pixels per row) with its
     * top-left corner at ({@code x}, {@code y}); pixels outside the image are skipped.
     */
    static void draw(int[] pixels, int imageWidth, int x, int y, String text, int scale, int rgb) {
        int imageHeight = pixels.length / imageWidth;
        String upper = text.toUpperCase(Locale.ROOT);
        for (int index = 0; index < upper.length(); index++) {
            String[] rows = GLYPHS.getOrDefault(upper.charAt(index), GLYPHS.get('?'));
            int left = x + index * ADVANCE * scale;
            for (int row = 0; row < HEIGHT; row++) {
                for (int column = 0; column < WIDTH; column++) {
                    if (rows[row].charAt(column) != '#') {
                        continue;
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            int px = left + column * scale + dx;
                            int py = y + row * scale + dy;
                            if (px >= 0 && px < imageWidth && py >= 0 && py < imageHeight) {
                                pixels[py * imageWidth + px] = rgb;
                            }
                        }
                    }
                }
            }
        }
    }
}
