/** authkit's HTTP credential extraction and response rendering; not an API. */
@NullMarked
package dev.authkit.internal.http;

import org.jspecify.annotations.NullMarked;
