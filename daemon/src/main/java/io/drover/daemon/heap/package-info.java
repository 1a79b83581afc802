/** The daemon's own heap: given back to the system once a burst of work is over. */
package io.drover.daemon.heap;
