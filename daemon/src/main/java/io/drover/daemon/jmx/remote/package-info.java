/**
 * The network side of the JMX connector, hardened for a daemon run by root: a registry nobody can write
 * to, a bounded number of connections that are dropped when idle, failed logins logged and slowed, and
 * TLS (a keystore given, or generated at first start) without which only a loopback address is served.
 */
package io.drover.daemon.jmx.remote;
