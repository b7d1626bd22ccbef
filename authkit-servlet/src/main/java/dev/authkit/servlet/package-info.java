/**
 * The Jakarta Servlet adapter: {@link dev.authkit.servlet.AuthKitFilter} protects an existing web
 * application with one filter. It only translates; every decision is made by
 * {@link dev.authkit.http.AuthKit} in authkit-core.
 */
@NullMarked
package dev.authkit.servlet;

import org.jspecify.annotations.NullMarked;
