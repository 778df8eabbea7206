package dev.rnn4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A Spark context on local[2], loopback only, without its web UI: the in-process cluster of the tests. */
final class LocalSpark {
  private LocalSpark() {}

  static JavaSparkContext start(String name) {
    JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName(name)
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
    sc.setLogLevel("WARN");
    return sc;
  }
}
