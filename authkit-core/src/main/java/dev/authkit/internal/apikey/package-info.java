/** authkit's API-key implementation: key format, caches, rate limiting, last-used batching. Not an API. */
@NullMarked
package dev.authkit.internal.apikey;

import org.jspecify.annotations.NullMarked;
