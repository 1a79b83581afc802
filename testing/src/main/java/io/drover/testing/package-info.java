/** Support for the other modules' tests: what a test needs of the machine, and the report of skipped tests. */
package io.drover.testing;
