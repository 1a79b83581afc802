/**
 * Interpreter plugins: how a script of a given kind is run ({@code .py} with python3, {@code .jar}
 * with {@code java -jar}). Implement {@link io.drover.spi.interpreter.Interpreter} and list the class
 * in {@code META-INF/services/io.drover.spi.interpreter.Interpreter}.
 */
package io.drover.spi.interpreter;
