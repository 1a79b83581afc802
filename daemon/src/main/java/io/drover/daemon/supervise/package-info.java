/**
 * Supervision: the process table, the operations users ask for (start, stop, restart, delete, scale)
 * and what happens when an instance exits ({@link io.drover.daemon.supervise.ExitPolicy}): the
 * {@link io.drover.daemon.supervise.Supervisor} and the parts it delegates to (one stop ladder, the
 * rolling reload, restart triggers). All of it runs on the scheduler's one thread.
 */
package io.drover.daemon.supervise;
