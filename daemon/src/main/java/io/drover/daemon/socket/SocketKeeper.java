package io.drover.daemon.socket;

/**
 * Somewhere app sockets outlive the daemon: systemd's fd store, which hands them back to a restarted
 * daemon in {@code LISTEN_FDS}, so a port stays open (clients wait in its queue) while the daemon restarts.
 */
public interface SocketKeeper {
    /** Keeps nothing: the daemon is not run by systemd, or its unit stores no descriptors. */
    SocketKeeper NONE = new SocketKeeper() {
        @Override
        public void keep(String name, int fd) {}

        @Override
        public void forget(String name) {}
    };

    /** Keeps a copy of {@code fd} under {@code name} ({@code <app>.<socket>}). */
    void keep(String name, int fd);

    /** Drops the copy kept under {@code name}. */
    void forget(String name);
}
