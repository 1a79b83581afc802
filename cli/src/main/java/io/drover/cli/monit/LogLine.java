package io.drover.cli.monit;

/**
 * A line of an app's log as the dashboard shows it.
 *
 * @param error whether it came from standard error
 */
record LogLine(String text, boolean error) {}
