package org.openeuler.nestos.operator.policy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.openeuler.nestos.api.ApiGroup;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.rubik.core.interop.RubikConfig;
import org.openeuler.nestos.rubik.core.interop.RubikConfigRenderer;

/**
 * RubikPolicy {@code mode: Rubik}: renders rubik's {@code config.json} into rubik's ConfigMap and
 * rolls rubik's DaemonSet (only when it exists) by a checksum annotation on its pod template, as
 * Helm charts roll on config changes. Writes nothing when the ConfigMap already holds the config
 * and the DaemonSet the checksum; remembers the last checksum it applied so an unchanged policy
 * costs no API call at all.
 */
public final class RubikModeRollout {

  public static final String CONFIG_KEY = "config.json";
  public static final String CHECKSUM_ANNOTATION = ApiGroup.GROUP + "/rubik-config-checksum";

  /** Where rubik's ConfigMap and DaemonSet live. */
  public record Target(
      String configMapNamespace,
      String configMapName,
      String daemonSetNamespace,
      String daemonSetName) {
    public static Target defaults() {
      return new Target("kube-system", "rubik-config", "kube-system", "rubik-agent");
    }
  }

  /** Outcome: the rendered config, or why it could not be rendered. */
  public record Result(String json, String checksum, String error) {}

  private final KubernetesClient client;
  private final Target target;
  private final boolean enabled;
  private volatile String applied;

  public RubikModeRollout(KubernetesClient client, Target target) {
    this(client, target, true);
  }

  /**
   * @param enabled whether rubik interop is on ({@link
   *     org.openeuler.nestos.operator.OperatorConfig#rubikInterop()}); off, {@link #apply} is never
   *     called and a policy in mode Rubik is reported instead
   */
  public RubikModeRollout(KubernetesClient client, Target target, boolean enabled) {
    this.client = client;
    this.target = target;
    this.enabled = enabled;
  }

  public boolean enabled() {
    return enabled;
  }

  public Target target() {
    return target;
  }

  /** rubik's config.json for these features (pure). */
  /**
   * Mode Rubik with {@code features.ioWeight} but no {@code spec.ioCost} devices: rubik's iocost
   * then weighs nothing (the policy says so, Degraded/IoCostDevicesMissing).
   */
  public static boolean ioWeightWithoutDevices(RubikPolicySpec spec) {
    return spec.mode() == RubikPolicySpec.Mode.Rubik
        && spec.features() != null
        && Boolean.TRUE.equals(spec.features().ioWeight())
        && (spec.ioCost() == null || spec.ioCost().isEmpty());
  }

  public static Result render(RubikPolicySpec spec) {
    RubikConfigRenderer.Result r =
        RubikConfigRenderer.render(
            RubikConfig.fromFeatures(
                spec.features(),
                RubikConfig.Agent.defaults(),
                RubikConfig.ioCostNodes(spec.ioCost())));
    if (!r.ok()) {
      return new Result(
          null, null, r.errors().stream().map(Object::toString).collect(Collectors.joining("; ")));
    }
    return new Result(r.json(), sha256(r.json()), null);
  }

  /**
   * Ensures ConfigMap and DaemonSet carry {@code result}; returns what was written (for logs and
   * tests).
   */
  public List<String> apply(Result result) {
    if (result.json() == null || result.checksum().equals(applied)) {
      return List.of();
    }
    List<String> writes = new java.util.ArrayList<>();
    var cms = client.configMaps().inNamespace(target.configMapNamespace());
    ConfigMap cm = cms.withName(target.configMapName()).get();
    if (cm == null) {
      cms.resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(target.configMapName())
                  .withNamespace(target.configMapNamespace())
                  .addToLabels("app.kubernetes.io/managed-by", "nestos-operator")
                  .endMetadata()
                  .addToData(CONFIG_KEY, result.json())
                  .build())
          .create();
      writes.add("create configmap");
    } else if (!Objects.equals(
        result.json(), cm.getData() == null ? null : cm.getData().get(CONFIG_KEY))) {
      Map<String, String> data =
          new LinkedHashMap<>(cm.getData() == null ? Map.of() : cm.getData());
      data.put(CONFIG_KEY, result.json());
      cm.setData(data);
      cms.resource(cm).update();
      writes.add("update configmap");
    }
    var dss = client.apps().daemonSets().inNamespace(target.daemonSetNamespace());
    DaemonSet ds = dss.withName(target.daemonSetName()).get();
    if (ds != null) {
      Map<String, String> ann =
          ds.getSpec().getTemplate().getMetadata() == null
              ? null
              : ds.getSpec().getTemplate().getMetadata().getAnnotations();
      if (ann == null || !result.checksum().equals(ann.get(CHECKSUM_ANNOTATION))) {
        dss.withName(target.daemonSetName())
            .edit(
                d -> {
                  if (d.getSpec().getTemplate().getMetadata() == null) {
                    d.getSpec()
                        .getTemplate()
                        .setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
                  }
                  Map<String, String> a =
                      new LinkedHashMap<>(
                          d.getSpec().getTemplate().getMetadata().getAnnotations() == null
                              ? Map.of()
                              : d.getSpec().getTemplate().getMetadata().getAnnotations());
                  a.put(CHECKSUM_ANNOTATION, result.checksum());
                  d.getSpec().getTemplate().getMetadata().setAnnotations(a);
                  return d;
                });
        writes.add("roll daemonset");
      }
    }
    applied = result.checksum();
    return writes;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
