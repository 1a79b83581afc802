/**
 * {@code drover}: PM2's verbs as a thin JMX client. {@link io.drover.cli.Main} runs {@link
 * io.drover.cli.Drover}, whose subcommands live in {@code commands}; {@code client} finds (or starts)
 * the daemon and connects; {@code render} draws tables.
 */
package io.drover.cli;
