/**
 * Listening sockets the daemon opens once per app and hands to every instance (systemd's {@code
 * LISTEN_FDS} protocol), so that instances can be replaced one by one while the kernel keeps queueing
 * connections on a socket that never closes.
 */
package io.drover.daemon.socket;
