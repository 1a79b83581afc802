/**
 * The installed log handler plugins (rotation and the like) and the chain each log file's writes go
 * through; an app's {@code log_<handler>} settings are checked by their handler here, before the app starts.
 */
package io.drover.daemon.loghandler;
