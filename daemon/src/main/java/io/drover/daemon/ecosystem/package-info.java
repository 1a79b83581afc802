/**
 * PM2 ecosystem files: JSON (with comments and trailing commas, as PM2 accepts them), YAML and
 * JavaScript (evaluated by {@code node}) read into app definitions, every value checked with the file,
 * line and column of what is wrong.
 */
package io.drover.daemon.ecosystem;
