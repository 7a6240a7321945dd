package org.openeuler.nestos.operator.rollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.operator.nodestate.NodeStateSpecs;

/** Test-only {@link NodeStateSpecs#grant}: one merge patch of spec.disruption guarded by the resourceVersion. */
final class FabricNodeStateGrants implements NodeStateSpecs {
  private final KubernetesClient client;

  FabricNodeStateGrants(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void render(String nodeName, String nodeUid, NodeStateSpec rendered) {
    throw new UnsupportedOperationException("rendering is not part of the rollout tests");
  }

  @Override
  public boolean grant(String nodeName, Disruption d, String expectedResourceVersion) {
    ObjectNode patch = Serialization.jsonMapper().createObjectNode();
    patch.putObject("metadata").put("resourceVersion", expectedResourceVersion);
    ObjectNode disruption = patch.putObject("spec").putObject("disruption");
    disruption.put("allowed", d.allowed().name());
    disruption.put("ticket", d.ticket());
    disruption.put("bootID", d.bootID());
    disruption.put("revision", d.revision());
    try {
      client.resources(NodeState.class).withName(nodeName).patch(PatchContext.of(PatchType.JSON_MERGE),
          patch.toString());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 || e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }
}
