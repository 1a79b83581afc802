/** One class per {@code drover} verb. */
package io.drover.cli.commands;
