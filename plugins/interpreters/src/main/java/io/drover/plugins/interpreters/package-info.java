/**
 * The interpreter mappings Drover ships: one small class per language, each a {@link
 * io.drover.spi.interpreter.Interpreter} listed in {@code META-INF/services}.
 */
package io.drover.plugins.interpreters;
