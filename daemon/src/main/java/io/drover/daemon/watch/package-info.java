/**
 * The {@code watch} policy: files watched recursively with the JDK's {@link java.nio.file.WatchService}
 * (inotify on Linux), new directories included, ignored paths filtered out.
 */
package io.drover.daemon.watch;
