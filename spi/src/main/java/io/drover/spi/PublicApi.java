package io.drover.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type or member that plugins may rely on: it stays binary-compatible within the same major
 * version. Methods added later come as defaults, with the version that added them in {@link #since}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PublicApi {
    /** The Drover version that introduced the element. */
    String since();
}
