package io.drover.cli.monit;

/** How a stretch of the screen is drawn; the dashboard maps each to the terminal's attributes. */
enum Style {
    PLAIN,
    /** the bar at the top and the keys at the bottom */
    BAR,
    /** a pane's title */
    TITLE,
    /** the selected process */
    SELECTED,
    DIM,
    GOOD,
    BAD
}
