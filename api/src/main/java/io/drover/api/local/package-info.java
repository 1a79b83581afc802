/**
 * The local management channel: MBean server calls over the unix socket in the daemon's home, each one a
 * length-prefixed frame holding Java-serialized open types, read through an allow-list filter on both
 * sides. The daemon checks who connected with the kernel's {@code SO_PEERCRED}; the client checks the
 * daemon the same way before it sends anything.
 */
package io.drover.api.local;
