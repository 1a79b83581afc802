/**
 * PM2 ecosystem files: JSON (with comments, unquoted keys and trailing commas; a JavaScript expression, as
 * PM2 evaluates {@code .json} files, through {@code node}), YAML and JavaScript (evaluated by {@code node})
 * read into app definitions, every value checked with the file, line and column of what is wrong.
 */
package io.drover.daemon.ecosystem;
