/**
 * Optimizers over the flat parameter arena (SGD, Adagrad, RMSProp, Adam), gradient clipping (element-wise
 * and global norm) and the learning-rate schedule. Depends only on {@code dev.rnn4j.tensor}.
 */
package dev.rnn4j.optim;
