/** Implementation of authkit-test; not an API, may change in any release. */
@NullMarked
package dev.authkit.test.internal;

import org.jspecify.annotations.NullMarked;
