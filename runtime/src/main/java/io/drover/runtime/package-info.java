/**
 * {@code drover-runtime}: Drover in the foreground, for containers and Procfiles (PM2's {@code pm2-runtime}).
 * One process runs the daemon with its apps' output on its console, starts what its command line names
 * through the {@code drover start} verb, reaps orphans as PID 1 must, stops every app gracefully on SIGTERM
 * and exits when no app is left running.
 */
package io.drover.runtime;
