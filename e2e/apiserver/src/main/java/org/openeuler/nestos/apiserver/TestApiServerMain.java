package org.openeuler.nestos.apiserver;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone: {@code ./mvnw -q -pl e2e/apiserver exec:java} (or {@code scripts/apiserver}) starts
 * the server, writes a kubeconfig and prints its path, so a person can run {@code kubectl
 * --kubeconfig <path> get nestos}. Arguments: {@code [port] [kubeconfig-path]}.
 */
public final class TestApiServerMain {

  private TestApiServerMain() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Path kubeconfig =
        Path.of(args.length > 1 ? args[1] : "target/nestos-test-apiserver.kubeconfig");
    TestApiServer server = TestApiServer.start(port, TestApiServer.Options.defaults());
    Path written = server.writeKubeconfig(kubeconfig).toAbsolutePath();
    System.out.println("NestOS test API server listening on " + server.url());
    System.out.println("kubeconfig: " + written);
    System.out.println("try: kubectl --kubeconfig " + written + " get crds,nestos");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
