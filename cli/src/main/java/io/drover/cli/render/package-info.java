/** Drawing for the terminal: tables, units, colours (plain when the output is not a terminal). */
package io.drover.cli.render;
