/**
 * Building authkit from key/value configuration ({@code authkit.*} properties, servlet
 * init-parameters, {@code AUTHKIT_*} environment variables).
 */
@NullMarked
package dev.authkit.config;

import org.jspecify.annotations.NullMarked;
