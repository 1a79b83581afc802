/**
 * Choosing how a script runs: the registry of interpreter plugins and the resolver that turns a
 * script, its extension, its {@code #!} line or an {@code --interpreter} option into the exact program
 * and argument vector to spawn.
 */
package io.drover.daemon.interpreter;
