/**
 * AssertJ assertions for authkit: {@link dev.authkit.test.assertj.AuthKitAssertions} is the one entry point.
 */
@NullMarked
package dev.authkit.test.assertj;

import org.jspecify.annotations.NullMarked;
