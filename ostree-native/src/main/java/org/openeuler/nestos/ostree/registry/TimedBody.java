package org.openeuler.nestos.ostree.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A response body as an {@link InputStream} whose every read has a deadline: the JDK's {@code
 * BodyHandlers.ofInputStream()} blocks for ever when a server sends headers and then nothing (the
 * request timeout ends with the headers), and neither an interrupt nor a close wakes it. Here a
 * read waits at most {@code idle} for the next bytes and never past {@code deadline} (counted from
 * the headers); an interrupt ends it at once. Any of these cancels the download (the connection is
 * closed) and every later read fails the same way. A connection lost mid-body is reported as a
 * truncated body with the bytes received so far and the transport's error as the cause. Flow
 * control keeps at most two of the client's buffer lists in memory.
 */
final class TimedBody implements HttpResponse.BodySubscriber<InputStream> {

  private static final Object END = new Object();

  private final String what;
  private final Duration idle;
  private final Duration deadline;
  private final long deadlineAt;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Body body = new Body();
  private final Object lock = new Object();
  private Flow.Subscription subscription;
  private boolean cancelled;

  private TimedBody(String what, Duration idle, Duration deadline) {
    this.what = what;
    this.idle = idle;
    this.deadline = deadline;
    this.deadlineAt = System.nanoTime() + deadline.toNanos();
  }

  /** Bodies of the request {@code what} (e.g. {@code GET <uri>}) with these limits. */
  static HttpResponse.BodyHandler<InputStream> handler(
      String what, Duration idle, Duration deadline) {
    return info -> new TimedBody(what, idle, deadline);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    synchronized (lock) {
      if (subscription != null || cancelled) {
        s.cancel();
        return;
      }
      subscription = s;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.offer(item);
  }

  @Override
  public void onError(Throwable t) {
    queue.offer(t);
  }

  @Override
  public void onComplete() {
    queue.offer(END);
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return CompletableFuture.completedStage(body);
  }

  private void cancel() {
    Flow.Subscription s;
    synchronized (lock) {
      cancelled = true;
      s = subscription;
    }
    if (s != null) {
      s.cancel();
    }
  }

  private void requestMore() {
    Flow.Subscription s;
    synchronized (lock) {
      s = cancelled ? null : subscription;
    }
    if (s != null) {
      s.request(1);
    }
  }

  private final class Body extends InputStream {
    private Iterator<ByteBuffer> buffers = Collections.emptyIterator();
    private ByteBuffer current;
    private boolean eof;
    private volatile boolean closed;
    private long received;
    private Supplier<IOException> failure;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (failure != null) {
        throw failure.get();
      }
      if (closed) {
        throw new IOException(what + ": body already closed");
      }
      if (len == 0) {
        return 0;
      }
      while (current == null || !current.hasRemaining()) {
        if (buffers.hasNext()) {
          current = buffers.next();
          continue;
        }
        if (eof) {
          return -1;
        }
        Object item = next();
        if (item == END) {
          eof = true;
          return -1;
        }
        if (item instanceof Throwable t) {
          long got = received;
          throw fail(
              () ->
                  new IOException(
                      what
                          + ": body truncated, connection lost after "
                          + got
                          + " bytes ("
                          + t
                          + ")",
                      t));
        }
        @SuppressWarnings("unchecked")
        List<ByteBuffer> list = (List<ByteBuffer>) item;
        buffers = list.iterator();
        requestMore();
      }
      int n = Math.min(len, current.remaining());
      current.get(b, off, n);
      received += n;
      return n;
    }

    private Object next() throws IOException {
      long left = deadlineAt - System.nanoTime();
      if (left <= 0) {
        throw deadlineExceeded();
      }
      Object item;
      try {
        item = queue.poll(Math.min(idle.toNanos(), left), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        long got = received;
        throw fail(
            () -> new InterruptedIOException(what + ": interrupted after " + got + " bytes"));
      }
      if (item != null) {
        return item;
      }
      if (deadlineAt - System.nanoTime() <= 0) {
        throw deadlineExceeded();
      }
      long got = received;
      throw fail(
          () ->
              new TransferTimeoutException(
                  what
                      + ": registry stalled, no data for "
                      + idle.toMillis()
                      + " ms after "
                      + got
                      + " bytes (read timeout)",
                  TransferTimeoutException.Kind.STALLED));
    }

    private IOException deadlineExceeded() {
      long got = received;
      return fail(
          () ->
              new TransferTimeoutException(
                  what
                      + ": transfer not finished within its deadline of "
                      + deadline.toSeconds()
                      + " s ("
                      + got
                      + " bytes received)",
                  TransferTimeoutException.Kind.DEADLINE));
    }

    /** Cancels the download and makes this (a fresh exception each time) every read's outcome. */
    private IOException fail(Supplier<IOException> f) {
      failure = f;
      cancel();
      return f.get();
    }

    @Override
    public int available() {
      return current == null ? 0 : current.remaining();
    }

    @Override
    public void close() {
      closed = true;
      cancel();
      queue.clear();
    }
  }
}
