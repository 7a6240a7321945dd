package org.openeuler.nestos.operator.core.rollout;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.api.v1alpha1.Disruption.Allowed;

/** Test fixtures: nodes in every rollout state, built fluently. */
final class Nodes {
  static final String OLD_IMAGE = "registry.example/nestos/nfc@sha256:" + "a".repeat(64);
  static final String NEW_IMAGE = "registry.example/nestos/nfc@sha256:" + "b".repeat(64);
  static final String OLD_REV = "rev-old";
  static final String REV = "rev-new";
  static final String OSV = "nfc";

  /** A Monday. */
  static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");

  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private Nodes() {}

  /**
   * A Ready, schedulable node on the old image whose target is {@link #NEW_IMAGE} / {@link #REV}.
   */
  static B node(String name) {
    return new B(name);
  }

  static List<NodeSnapshot> pending(int count) {
    List<NodeSnapshot> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(node(String.format("n%02d", i)).build());
    }
    return out;
  }

  static RolloutPlan plan(RolloutStrategy s, List<NodeSnapshot> nodes) {
    return plan(s, nodes, List.of());
  }

  static RolloutPlan plan(
      RolloutStrategy s, List<NodeSnapshot> nodes, List<Expectation> expectations) {
    return new RolloutPlanner(CLOCK)
        .plan(new RolloutInput(OSV, s, nodes, expectations, RetryState.NONE, Integer.MAX_VALUE));
  }

  /** Mutable builder of one {@link NodeSnapshot}. */
  static final class B {
    String name;
    String uid;
    Map<String, String> labels = new HashMap<>();
    boolean ready = true;
    Instant readySince = NOW.minusSeconds(86_400);
    boolean unschedulable;
    Set<String> taints = new HashSet<>();
    String cordonedFor;
    boolean targeted = true;
    String image = NEW_IMAGE;
    String revision = REV;
    List<String> kargs = List.of();
    Grant grant = Grant.NONE;
    String bootID;
    String currentRevision = OLD_REV;
    String stagedRevision;
    String lastFailedRevision;
    String acceptedTicket;
    String bootedImage = "ostree-unverified-registry:" + OLD_IMAGE;
    List<String> appliedKargs = List.of();
    boolean updatedCondition = true;
    String degradedReason;
    Instant degradedSince;
    DrainProgress drain = DrainProgress.NONE;

    B(String name) {
      this.name = name;
      this.uid = "uid-" + name;
      this.bootID = "boot-" + name + "-1";
    }

    B label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    B updated() {
      bootedImage = "ostree-unverified-registry:" + image;
      appliedKargs = kargs;
      currentRevision = revision;
      updatedCondition = true;
      return this;
    }

    B notReady() {
      ready = false;
      readySince = NOW.minusSeconds(60);
      return this;
    }

    B cordonedByOthers() {
      unschedulable = true;
      return this;
    }

    B draining() {
      unschedulable = true;
      cordonedFor = revision;
      return this;
    }

    B drained() {
      draining();
      drain = new DrainProgress(true, null);
      return this;
    }

    /** Draining, drained and granted a Reboot for the current revision (not claimed yet). */
    B granted() {
      drained();
      grant =
          new Grant(
              Allowed.Reboot,
              Tickets.of(OSV, Allowed.Reboot, uid, bootID, revision),
              bootID,
              revision);
      return this;
    }

    /** The renderer cleared the grant (its update ended, docs/decisions.md §13). */
    B grantCleared() {
      grant = Grant.NONE;
      return this;
    }

    B accepted() {
      granted();
      acceptedTicket = grant.ticket();
      return this;
    }

    /** Claimed, rebooted into the new image, verification running. */
    B rebooted() {
      accepted();
      bootID = "boot-" + name + "-2";
      bootedImage = "ostree-unverified-registry:" + image;
      appliedKargs = kargs;
      updatedCondition = false;
      return this;
    }

    /** Rebooted and verified healthy; still cordoned by us. */
    B verified() {
      rebooted();
      currentRevision = revision;
      updatedCondition = true;
      return this;
    }

    B failed(String reason) {
      rebooted();
      lastFailedRevision = revision;
      degradedReason = reason;
      degradedSince = NOW.minusSeconds(300);
      return this;
    }

    /** The revision failed before the reboot (e.g. its stage kept failing): still on the old OS. */
    B failedBeforeReboot(String reason) {
      lastFailedRevision = revision;
      degradedReason = reason;
      degradedSince = NOW.minusSeconds(300);
      return this;
    }

    B rolledBack() {
      failed("RolledBack");
      bootID = "boot-" + name + "-3";
      bootedImage = "ostree-unverified-registry:" + OLD_IMAGE;
      return this;
    }

    B stageGranted() {
      grant =
          new Grant(
              Allowed.Stage,
              Tickets.of(OSV, Allowed.Stage, uid, bootID, revision),
              bootID,
              revision);
      return this;
    }

    B staged() {
      stageGranted();
      stagedRevision = revision;
      return this;
    }

    B target(String image, String revision) {
      this.image = image;
      this.revision = revision;
      return this;
    }

    B kargs(List<String> target, List<String> applied) {
      this.kargs = target;
      this.appliedKargs = applied;
      return this;
    }

    B bootedImage(String ref) {
      bootedImage = ref;
      return this;
    }

    B departed() {
      targeted = false;
      return this;
    }

    B noDaemon() {
      bootID = null;
      bootedImage = null;
      return this;
    }

    /** A drain of the node is under way although the node is not (yet) cordoned. */
    B drainRunning() {
      drain = DrainProgress.RUNNING;
      return this;
    }

    B backoff(Instant until) {
      drain = new DrainProgress(false, until);
      return this;
    }

    B bootID(String id) {
      bootID = id;
      return this;
    }

    B readySince(Instant at) {
      readySince = at;
      return this;
    }

    B taint(String key) {
      taints.add(key);
      return this;
    }

    NodeSnapshot build() {
      return new NodeSnapshot(
          name,
          uid,
          labels,
          ready,
          readySince,
          unschedulable,
          taints,
          cordonedFor,
          targeted,
          new NodeTarget(image, revision, kargs),
          grant,
          new NodeObservation(
              bootID,
              currentRevision,
              stagedRevision,
              lastFailedRevision,
              acceptedTicket,
              bootedImage,
              appliedKargs,
              updatedCondition,
              degradedReason,
              degradedSince),
          drain);
    }
  }
}
