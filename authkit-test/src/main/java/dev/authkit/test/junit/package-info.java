/**
 * JUnit 5 support: {@link dev.authkit.test.junit.AuthKitTest} and {@link dev.authkit.test.junit.AuthKitExtension}.
 */
@NullMarked
package dev.authkit.test.junit;

import org.jspecify.annotations.NullMarked;
