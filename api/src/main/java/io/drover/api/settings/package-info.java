/**
 * An app's settings, each declared once ({@link io.drover.api.settings.Settings}): its PM2 name and
 * aliases, its command-line flags, what it accepts, its default, how it reads from text (the command line,
 * the JMX wire) and from a JSON or YAML value, and how it is written back as text. The CLI's options, the
 * ecosystem reader's known keys and the daemon's {@code show} all derive from these declarations.
 */
package io.drover.api.settings;
