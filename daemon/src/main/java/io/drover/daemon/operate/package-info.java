/**
 * The daemon's use cases: starting, stopping, reloading and describing apps ({@link
 * io.drover.daemon.operate.RunningApps}), applying ecosystem files ({@link
 * io.drover.daemon.operate.EcosystemFiles}), giving apps a new environment ({@link
 * io.drover.daemon.operate.Environments}), saving and restoring the app list ({@link
 * io.drover.daemon.operate.SavedApps}) and the log files ({@link io.drover.daemon.operate.LogFiles}).
 * Callable from any thread: each carries its work onto the supervisor's thread ({@link
 * io.drover.daemon.operate.Control}). The JMX beans and the daemon itself call them; nothing here
 * knows JMX.
 */
package io.drover.daemon.operate;
