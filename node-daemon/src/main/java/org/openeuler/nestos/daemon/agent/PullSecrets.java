package org.openeuler.nestos.daemon.agent;

import java.util.Base64;
import org.openeuler.nestos.daemon.kube.KubeApiException;
import org.openeuler.nestos.daemon.kube.NodeApi;
import org.openeuler.nestos.daemon.kube.SecretView;
import org.openeuler.nestos.daemon.update.HostPullCredentials;
import org.openeuler.nestos.daemon.update.HostPullCredentials.PullSecretException;

/**
 * Reads a pull Secret's {@code .dockerconfigjson} from the daemon's namespace with a single GET of
 * that name: the chart's Role grants {@code get} on the allowed pull Secret names only ({@code
 * registry.pullSecrets}, docs/decisions.md §15), so no list or watch. Errors name the Secret, never
 * its content.
 */
final class PullSecrets implements HostPullCredentials.SecretSource {

  private final NodeApi api;
  private final String namespace;

  PullSecrets(NodeApi api, String namespace) {
    this.api = api;
    this.namespace = namespace;
  }

  @Override
  public byte[] dockerConfigJson(String secretName) {
    SecretView secret;
    try {
      secret = api.secret(namespace, secretName);
    } catch (KubeApiException e) {
      throw new PullSecretException(
          "pull secret "
              + namespace
              + "/"
              + secretName
              + " cannot be read ("
              + e.code()
              + (e.code() == 403
                  ? ": add it to the chart value registry.pullSecrets so the daemon may read it)"
                  : ")"));
    }
    if (secret == null) {
      throw new PullSecretException(
          "pull secret " + namespace + "/" + secretName + " does not exist");
    }
    String data = secret.data() == null ? null : secret.data().get(".dockerconfigjson");
    if (data == null) {
      throw new PullSecretException(
          "pull secret "
              + namespace
              + "/"
              + secretName
              + " has no .dockerconfigjson (type kubernetes.io/dockerconfigjson expected)");
    }
    return Base64.getDecoder().decode(data);
  }
}
