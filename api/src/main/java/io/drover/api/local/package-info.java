/**
 * The local management channel: MBean server calls over the unix socket in the daemon's home, each one a
 * length-prefixed frame holding JMX open data written tag by tag ({@code OpenValues}), so the daemon builds
 * no object a client names by class. Replies may carry exceptions Java-serialized, which the client reads
 * through an allow-list filter. The daemon checks who connected with the kernel's {@code SO_PEERCRED}; the
 * client checks the daemon the same way before it sends anything.
 */
package io.drover.api.local;
