/** The orders API on embedded Jetty 12 (ee11, Servlet 6.1), protected by {@code AuthKitFilter}. */
@NullMarked
package dev.authkit.samples.servlet;

import org.jspecify.annotations.NullMarked;
