/**
 * JMX open data made cheaply: {@link io.drover.api.open.OpenComposite}, composite data that holds its values
 * in an array, which the local channel reads replies into and the API's largest views build themselves as.
 */
package io.drover.api.open;
