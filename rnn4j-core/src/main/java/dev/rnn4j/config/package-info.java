/**
 * What every config record shares: range checks ({@link dev.rnn4j.config.Require}) whose refusals
 * ({@link dev.rnn4j.config.InvalidSettingException}) name the setting, for a front end to rename as its
 * user knows it. Depends on nothing; every package may use it.
 */
package dev.rnn4j.config;
