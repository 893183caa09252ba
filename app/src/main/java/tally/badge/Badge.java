package tally.badge;

/**
 * What to draw: texts, colours (shields names, hex or CSS; null for the default), style and an
 * optional data-URI logo with its width in pixels (null for shields' default of 14).
 */
public record Badge(String label, String message, String color, String labelColor, Style style, String logo,
                    Integer logoWidth) {
}
