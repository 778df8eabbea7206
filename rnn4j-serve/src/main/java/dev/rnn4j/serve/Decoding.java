package dev.rnn4j.serve;

import dev.rnn4j.decode.DecodingOptions;

/** The decoding fields shared by caption and translation requests: beam, max_length, temperature. */
final class Decoding {
  private Decoding() {}

  static DecodingOptions read(RequestBody body, int defaultBeam, int defaultMaxLength) {
    int beam = body.integer("beam", defaultBeam, 1, 20);
    int maxLength = body.integer("max_length", defaultMaxLength, 1, 200);
    double temperature = body.has("temperature") ? body.real("temperature", 1, 0, 100) : 0;
    if (temperature > 0 && body.has("beam") && beam > 1) {
      throw ApiException.badField("temperature", "sampling and beam search exclude each other (give beam 1)");
    }
    return temperature > 0 ? DecodingOptions.sample((float) temperature, maxLength)
        : new DecodingOptions(beam, false, 0f, maxLength);
  }
}
