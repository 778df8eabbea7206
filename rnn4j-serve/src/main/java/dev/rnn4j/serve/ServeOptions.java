package dev.rnn4j.serve;

/**
 * Where and how the server listens.
 *
 * @param host   interface to bind: 127.0.0.1 unless the user says otherwise
 * @param port   port; 0 picks a free one
 * @param token  when not null, every API request must carry {@code Authorization: Bearer <token>}
 * @param limits bounds on every request
 */
public record ServeOptions(String host, int port, String token, Limits limits) {
  public ServeOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
    }
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("--token must not be empty");
    }
  }

  public static ServeOptions loopback(int port) {
    return new ServeOptions("127.0.0.1", port, null, Limits.defaults());
  }
}
