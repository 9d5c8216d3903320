/**
 * How the services' settings are read from the environment.
 */
@NullMarked
package io.seckill.common.config;

import org.jspecify.annotations.NullMarked;
