/** Reaching the daemon: reading its connection file, starting it when none answers, connecting over JMX. */
package io.drover.cli.client;
