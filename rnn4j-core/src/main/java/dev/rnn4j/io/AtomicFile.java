package dev.rnn4j.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: the content goes to {@code .<name>.tmp-<random>} in the same directory, is
 * forced to disk, then renamed over the target, and the directory is forced so the rename survives a
 * power cut. A reader, or a crash at any moment, sees the old file or the new one, never a mix.
 *
 * <p>On failure the temporary file is deleted and the target is untouched. A process killed mid-write
 * leaves its temporary file behind; the random suffix keeps it from disturbing later writes, and
 * {@link #removeLeftovers} clears such files when the next run starts writing to the same target.
 */
public final class AtomicFile {
  /** Writes the whole content through a fresh channel positioned at 0. */
  interface Body {
    void writeTo(FileChannel channel) throws IOException;
  }

  private AtomicFile() {}

  /**
   * Replaces {@code target} with {@code content} all at once (checkpoints, reports). Failures are one-line
   * {@link CheckpointException}s that start with the target.
   */
  public static void write(Path target, byte[] content) throws IOException {
    write(target, channel -> {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(content);
      while (b.hasRemaining()) {
        channel.write(b);
      }
    });
  }

  /**
   * Deletes the temporary files ({@code .<name>.tmp-<hex>}) that a process killed mid-write left beside
   * {@code target}. Call it once when a writer starts, before its first write: it would also delete the
   * temporary file of another process writing the same target at that moment, which no two runs should.
   *
   * @return how many were removed
   */
  public static int removeLeftovers(Path target) throws CheckpointException {
    Path file = target.toAbsolutePath();
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    String prefix = "." + file.getFileName() + ".tmp-";
    int removed = 0;
    try (java.nio.file.DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir,
        p -> isTemporaryName(p.getFileName().toString(), prefix))) {
      for (Path p : leftovers) {
        if (Files.deleteIfExists(p)) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new CheckpointException(target, "cannot remove leftover temporary files (" + reason(e) + ")", e);
    }
    return removed;
  }

  private static boolean isTemporaryName(String name, String prefix) {
    if (!name.startsWith(prefix) || name.length() == prefix.length() || name.length() > prefix.length() + 16) {
      return false;
    }
    for (int i = prefix.length(); i < name.length(); i++) {
      if (Character.digit(name.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  static void write(Path target, Body body) throws IOException {
    Path file = target.toAbsolutePath();
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      throw new CheckpointException(target, "cannot write: " + (Files.exists(dir)
          ? dir + " is not a directory" : "directory " + dir + " does not exist"));
    }
    Path tmp = createTemporary(target, file, dir);
    boolean moved = false;
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        body.writeTo(channel);
        channel.force(true);
      } catch (CheckpointException e) {
        throw e;
      } catch (IOException e) {
        throw new CheckpointException(target, "cannot write " + tmp.getFileName() + " (" + reason(e) + ")", e);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new CheckpointException(target, "cannot replace with " + tmp.getFileName() + " (" + reason(e) + ")", e);
      }
      moved = true;
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // Already failing; the original error matters more than a leftover temporary file.
        }
      }
    }
    forceDirectory(dir);
  }

  private static Path createTemporary(Path target, Path file, Path dir) throws CheckpointException {
    while (true) {
      long random = ThreadLocalRandom.current().nextLong();
      Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + Long.toHexString(random));
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        continue; // another writer's temporary file: draw another name
      } catch (IOException e) {
        throw new CheckpointException(target, "cannot write: cannot create a file in directory " + dir
            + " (" + reason(e) + ")", e);
      }
    }
  }

  /** Makes the rename durable where the platform allows opening a directory (not on Windows). */
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // Best effort: the new file is complete and in place; only its survival of a power cut is weaker.
    }
  }

  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
