/**
 * The management API of Drover: the MXBean interfaces, the records they exchange and the names
 * they live under. The daemon implements it, the {@code drover} command and any JMX console use it;
 * it depends on the JDK only, so clients need no other Drover class.
 */
package io.drover.api;
