/**
 * The app table saved to disk ({@code drover save}) and restored from it ({@code drover resurrect}, and
 * at the daemon's start when asked): written atomically, the previous copy kept, a corrupt file reported
 * and the previous copy used.
 */
package io.drover.daemon.dump;
