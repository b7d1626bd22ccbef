/**
 * What the servlet and JAX-RS samples share: the tenant-scoped orders store, the command line
 * ({@link dev.authkit.samples.orders.SampleOptions}), the credentials set-up for development and real
 * mode ({@link dev.authkit.samples.orders.SampleSecurity}) and the start-up banner with ready-to-paste
 * {@code curl} commands. Not a published API.
 */
@NullMarked
package dev.authkit.samples.orders;

import org.jspecify.annotations.NullMarked;
