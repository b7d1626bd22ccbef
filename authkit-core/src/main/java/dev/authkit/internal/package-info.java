/** authkit's implementation; not an API. Types here may change in any release. */
@NullMarked
package dev.authkit.internal;

import org.jspecify.annotations.NullMarked;
