/**
 * Users and groups as the system knows them (NSS: {@code /etc/passwd}, LDAP, sssd, systemd-homed), read
 * in-process with glibc's reentrant lookups, and {@link io.drover.daemon.os.users.RunAs}: the account an
 * app runs as. Nothing here knows about apps.
 */
package io.drover.daemon.os.users;
