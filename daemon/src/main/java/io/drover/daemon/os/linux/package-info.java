/**
 * Thin bindings to Linux: libc through JNA direct mapping, signal numbers and readers of {@code /proc}.
 * Nothing here knows about apps; the rest of the daemon uses these through {@code spawn} and {@code
 * metrics}.
 */
package io.drover.daemon.os.linux;
