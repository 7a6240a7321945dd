package org.openeuler.nestos.controlplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 in front of an apiserver port (TLS passes through untouched: the
 * apiserver's certificate names 127.0.0.1, whatever the port). {@link #cut()} drops every
 * connection and closes new ones at once, as a network partition between a component and its
 * apiserver does; {@link #restore()} relays again. Watches through it break and reconnect from the
 * resourceVersion they last saw.
 */
public final class TcpRelay implements AutoCloseable {

  private final ServerSocket listener;
  private final int target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean closed;

  public TcpRelay(int targetPort) {
    this.target = targetPort;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Thread accept = new Thread(this::accept, "relay-accept-" + listener.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  /** The relay's https URL (for a client's master URL). */
  public String url() {
    return "https://127.0.0.1:" + listener.getLocalPort();
  }

  /** Drops every connection; new ones are closed at once until {@link #restore()}. */
  public void cut() {
    cut = true;
    sockets.forEach(TcpRelay::closeQuietly);
    sockets.clear();
  }

  public void restore() {
    cut = false;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        if (cut) {
          closeQuietly(client);
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        if (cut) { // cut while this one was being connected
          closeQuietly(client);
          closeQuietly(server);
          continue;
        }
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException ignored) {
                // either side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "relay-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // best effort
    }
  }

  @Override
  public void close() {
    closed = true;
    cut();
    closeQuietly(listener);
  }
}
