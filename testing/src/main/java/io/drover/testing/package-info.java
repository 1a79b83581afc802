/**
 * Support for the other modules' tests: what a test needs of the machine, the report of skipped tests, and
 * small programs run as another user.
 */
package io.drover.testing;
