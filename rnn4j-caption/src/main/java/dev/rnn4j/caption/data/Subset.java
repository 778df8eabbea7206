package dev.rnn4j.caption.data;

/** The three parts of a captioning data set: fit on TRAIN, choose by VAL, report on TEST. */
public enum Subset {
  TRAIN,
  VAL,
  TEST
}
