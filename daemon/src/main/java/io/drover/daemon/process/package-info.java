/**
 * The process model: apps, their instances and the one state machine every instance follows ({@link
 * io.drover.daemon.process.ProcessState}).
 */
package io.drover.daemon.process;
