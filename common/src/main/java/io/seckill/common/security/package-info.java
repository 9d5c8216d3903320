/**
 * What the services and the tools agree on about bearer tokens.
 */
@NullMarked
package io.seckill.common.security;

import org.jspecify.annotations.NullMarked;
