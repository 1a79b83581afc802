/**
 * {@code drover monit}: the full-screen dashboard. {@link io.drover.cli.monit.MonitModel} holds what is
 * shown and draws it as text for any size, without a terminal; {@link io.drover.cli.monit.Dashboard} is
 * the thin part that polls the daemon and talks to the terminal through JLine.
 */
package io.drover.cli.monit;
