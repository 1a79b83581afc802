/**
 * Files the daemon opens for apps in directories other users may control (log files, unix sockets): walked
 * one directory descriptor at a time, never through a link a user made to someone else's directory, the
 * last directory checked (owner, mode), the file itself opened without following a link and only when
 * it is a regular file with one name and an expected owner.
 */
package io.drover.daemon.os.files;
