package io.drover.api;

import java.util.List;

/**
 * An interpreter mapping as {@code drover interpreters} shows it.
 *
 * @param id the interpreter's id
 * @param extensions the file name endings it runs
 * @param executables the programs it looks for, in order
 * @param resolved the program found on the daemon's PATH, empty when none is installed
 * @param source where the plugin came from (a jar path, or {@code built-in})
 * @param version the plugin's version
 */
public record InterpreterView(
        String id, List<String> extensions, List<String> executables, String resolved, String source, String version) {}
