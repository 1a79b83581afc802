package io.drover.cli.monit;

/**
 * What a key asks of the daemon or the dashboard.
 *
 * @param app the app acted on; empty for none
 * @param instances the number of instances asked for, for {@link Kind#SCALE}
 */
record Action(Kind kind, String app, int instances) {
    enum Kind {
        NONE,
        RESTART,
        RELOAD,
        STOP,
        SCALE,
        QUIT
    }

    static final Action NONE = new Action(Kind.NONE, "", 0);
    static final Action QUIT = new Action(Kind.QUIT, "", 0);

    static Action on(Kind kind, String app) {
        return new Action(kind, app, 0);
    }
}
