/**
 * Log rotation inside the daemon, between two writes: the live file is renamed, a new one is opened
 * under the same name, rotated files are kept up to a count and optionally gzipped. Applies to every
 * instance's files (PM2's pm2-logrotate rotates only the first instance's, #143).
 */
package io.drover.plugins.logrotate;
