package org.openeuler.nestos.operator.rollout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 in front of the API server (plain HTTP or TLS alike), one per operator
 * replica: {@link #cut()} drops every connection and refuses new ones, which is what the rest of
 * the cluster sees when the replica's process is killed (nothing it would still send arrives; it
 * releases nothing).
 */
final class CuttableProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  CuttableProxy(int targetPort) {
    this.target = targetPort;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Thread accept = new Thread(this::accept, "proxy-accept-" + listener.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!cut) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        if (cut) {
          client.close();
          server.close();
          return;
        }
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        return; // listener closed
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
              }
            },
            "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Drops every connection and refuses new ones. */
  void cut() {
    cut = true;
    closeQuietly(listener);
    sockets.forEach(CuttableProxy::closeQuietly);
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
    cut();
  }
}
