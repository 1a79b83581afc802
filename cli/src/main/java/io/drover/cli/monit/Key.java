package io.drover.cli.monit;

/** A key the dashboard understands. */
record Key(Kind kind, char ch) {
    enum Kind {
        CHAR,
        UP,
        DOWN,
        PAGE_UP,
        PAGE_DOWN,
        HOME,
        END,
        ENTER,
        ESCAPE,
        BACKSPACE,
        /** Ctrl-C, read as a character when the terminal does not turn it into a signal */
        INTERRUPT,
        /** the terminal closed */
        END_OF_INPUT
    }

    static Key of(Kind kind) {
        return new Key(kind, '\0');
    }

    static Key of(char c) {
        return new Key(Kind.CHAR, c);
    }
}
