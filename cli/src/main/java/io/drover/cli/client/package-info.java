/** Reaching the daemon: over the unix socket in its home, starting it when none answers. */
package io.drover.cli.client;
