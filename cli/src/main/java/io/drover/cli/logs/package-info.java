/** Reading apps' log files directly, as {@code drover logs} and {@code drover monit} show them. */
package io.drover.cli.logs;
