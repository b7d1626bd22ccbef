/** The orders API on Jersey 4 (Jakarta REST 4.0, Grizzly), protected by {@code AuthKitFeature} and annotations. */
@NullMarked
package dev.authkit.samples.jaxrs;

import org.jspecify.annotations.NullMarked;
