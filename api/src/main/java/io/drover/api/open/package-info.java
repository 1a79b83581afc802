/**
 * JMX open data made cheaply: {@link io.drover.api.open.OpenComposite}, composite data that holds its values
 * in an array, which the local channel reads replies into and the API's largest views build themselves as;
 * {@link io.drover.api.open.OpenMapping}, the MXBean type mapping of the API's types, with which a client
 * calls the daemon's beans without an MXBean proxy.
 */
package io.drover.api.open;
