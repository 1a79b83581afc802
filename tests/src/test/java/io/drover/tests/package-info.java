/** End-to-end tests: Drover as a user runs it, through the launcher scripts, with real apps and jmxterm. */
package io.drover.tests;
