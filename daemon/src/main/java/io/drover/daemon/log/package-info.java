/**
 * Where app output goes: each instance's standard output and error files (or a combined or merged file),
 * lines stamped or written as JSON, through the log handler chains of {@link io.drover.daemon.loghandler}.
 */
package io.drover.daemon.log;
