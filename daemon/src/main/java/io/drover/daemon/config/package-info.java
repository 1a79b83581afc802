/**
 * Turning what users ask for into checked app definitions, and the daemon's own settings ({@link
 * io.drover.daemon.config.DroverHome}).
 */
package io.drover.daemon.config;
