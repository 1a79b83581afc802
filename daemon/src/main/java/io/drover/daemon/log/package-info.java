/** Where app output goes: for now each app's standard output and error files. */
package io.drover.daemon.log;
