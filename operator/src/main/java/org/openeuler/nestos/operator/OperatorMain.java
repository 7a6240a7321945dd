package org.openeuler.nestos.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.openeuler.nestos.api.LenientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: configuration from {@code NESTOS_*} variables and {@code --name=value} flags ({@link
 * OperatorConfig}), the cluster from the in-cluster service account or {@code KUBECONFIG}. A
 * shutdown hook stops reconciling and waits for reconciles in flight (SIGTERM from the kubelet).
 */
public final class OperatorMain {

  private OperatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    // before the first logger: slf4j-simple reads its level once (no static Logger in this class)
    String level = LogLevel.apply(System.getenv(), args);
    Logger log = LoggerFactory.getLogger(OperatorMain.class);
    OperatorConfig config = OperatorConfig.from(System.getenv(), args);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withKubernetesSerialization(LenientResources.serialization())
            .build();
    OperatorRuntime runtime =
        OperatorRuntime.start(
            client,
            config,
            Clock.systemUTC(),
            () -> {
              // at once, without the graceful close (which lets passes in flight finish for up to
              // 10 s): the next leader may start acting as soon as the Lease expires, and two
              // instances must never cordon or grant at the same time (docs/chaos.md)
              log.error("lost leadership; exiting so that a restart rejoins as a follower");
              Runtime.getRuntime().halt(1);
            });
    log.info(
        "nestos operator started (identity {}, leader election {}, endpoints on :{}, log level {})",
        config.identity(),
        config.leaderElection(),
        runtime.endpointsPort(),
        level == null ? "info" : level);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down");
                  try {
                    runtime.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "nestos-shutdown"));
    stopped.await();
  }
}
