@NullMarked
package dev.authkit.test.app;

import org.jspecify.annotations.NullMarked;
