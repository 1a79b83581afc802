package io.drover.cli.monit;

import java.io.IOException;

/**
 * Turns the bytes a terminal sends into {@link Key}s: arrows come as {@code ESC [ A} (or {@code ESC O A}
 * in keypad mode), a lone Escape as {@code ESC} with nothing after it for a moment.
 */
final class Keys {
    /** What a terminal's input gives: a character, {@link #TIMEOUT} when none came in time, or -1 at its end. */
    interface Input {
        int read(long timeoutMillis) throws IOException;
    }

    static final int TIMEOUT = -2;

    /** How long the rest of an escape sequence may take to arrive (over SSH, a round trip is not needed). */
    static final long SEQUENCE_MILLIS = 50;

    private Keys() {
        /* no instances */
    }

    /** The next key, waiting at most {@code timeoutMillis}; null when none came. */
    static Key next(Input in, long timeoutMillis) throws IOException {
        int c = in.read(timeoutMillis);
        if (c == TIMEOUT) {
            return null;
        }
        if (c < 0) {
            return Key.of(Key.Kind.END_OF_INPUT);
        }
        return switch (c) {
            case 3 -> Key.of(Key.Kind.INTERRUPT);
            case '\r', '\n' -> Key.of(Key.Kind.ENTER);
            case 127, 8 -> Key.of(Key.Kind.BACKSPACE);
            case 27 -> escape(in);
            default -> Key.of((char) c);
        };
    }

    private static Key escape(Input in) throws IOException {
        int c = in.read(SEQUENCE_MILLIS);
        if (c != '[' && c != 'O') {
            return Key.of(Key.Kind.ESCAPE); // a lone Escape (what followed, if anything, is dropped)
        }
        StringBuilder params = new StringBuilder();
        while (true) {
            int d = in.read(SEQUENCE_MILLIS);
            if (d < 0) {
                return Key.of(Key.Kind.ESCAPE);
            }
            if (d >= 0x40 && d <= 0x7e) { // the final byte of the sequence
                return switch (d) {
                    case 'A' -> Key.of(Key.Kind.UP);
                    case 'B' -> Key.of(Key.Kind.DOWN);
                    case 'H' -> Key.of(Key.Kind.HOME);
                    case 'F' -> Key.of(Key.Kind.END);
                    case '~' ->
                        switch (params.toString()) {
                            case "5" -> Key.of(Key.Kind.PAGE_UP);
                            case "6" -> Key.of(Key.Kind.PAGE_DOWN);
                            case "1", "7" -> Key.of(Key.Kind.HOME);
                            case "4", "8" -> Key.of(Key.Kind.END);
                            default -> null;
                        };
                    default -> null; // a key the dashboard has no use for
                };
            }
            params.append((char) d);
        }
    }
}
