package dev.rnn4j.serve;

/** A request the API refuses: an HTTP status and a one-line reason, naming the field at fault when one is. */
final class ApiException extends RuntimeException {
  private final int status;
  private final String field;

  ApiException(int status, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  static ApiException badField(String field, String message) {
    return new ApiException(400, field, field + ": " + message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, null, message);
  }

  int status() {
    return status;
  }

  /** The JSON field at fault, or null. */
  String field() {
    return field;
  }
}
