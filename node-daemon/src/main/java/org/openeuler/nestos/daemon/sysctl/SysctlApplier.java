package org.openeuler.nestos.daemon.sysctl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.daemon.core.sysctl.Checkpoint;
import org.openeuler.nestos.daemon.core.sysctl.DesiredSysctl;
import org.openeuler.nestos.daemon.core.sysctl.LiveKey;
import org.openeuler.nestos.daemon.core.sysctl.PersistedFile;
import org.openeuler.nestos.daemon.core.sysctl.SysctlFinding;
import org.openeuler.nestos.daemon.core.sysctl.SysctlKeys;
import org.openeuler.nestos.daemon.core.sysctl.SysctlPlan;
import org.openeuler.nestos.daemon.core.sysctl.SysctlPlanner;
import org.openeuler.nestos.daemon.core.sysctl.SysctlReason;
import org.openeuler.nestos.daemon.core.sysctl.SysctlRules;
import org.openeuler.nestos.daemon.core.sysctl.SysctlValidation;
import org.openeuler.nestos.daemon.core.sysctl.SysctlValidator;
import org.openeuler.nestos.daemon.core.sysctl.SysctlWrite;
import org.openeuler.nestos.daemon.host.HostFs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the node's desired sysctls through {@link HostFs} (docs/design.md §5): reads the live
 * values, the checkpoint and the persisted file; validates everything before writing anything;
 * checkpoints originals (atomically) before the first write; writes live and reads each value back;
 * undoes the whole pass when a write fails; persists the one project-owned sysctl.d file; restores
 * keys no policy owns any more. State lives only on the host, so a restarted daemon continues where
 * a killed one stopped.
 */
public final class SysctlApplier {

  private static final Logger LOG = LoggerFactory.getLogger(SysctlApplier.class);

  private final HostFs fs;
  private final SysctlPaths paths;

  public SysctlApplier(HostFs fs, SysctlPaths paths) {
    this.fs = fs;
    this.paths = paths;
  }

  /** Applies {@code spec.sysctls}. */
  public SysctlReport apply(NodeStateSpec spec) {
    return apply(DesiredSysctl.fromSpec(spec.sysctls()));
  }

  /** One pass towards {@code desired}; never throws for host errors, they are in the report. */
  public synchronized SysctlReport apply(List<DesiredSysctl> desired) {
    Checkpoint stored;
    String storedFile;
    try {
      Optional<String> checkpoint = fs.read(paths.checkpointFile());
      if (checkpoint.isPresent() && checkpoint.get().isBlank()) {
        // never an empty checkpoint: a written one always holds {"originals": ...}. Reading it as
        // empty would record the project's own values as the originals.
        return failedBookkeeping(
            paths.checkpointFile(),
            "the sysctl checkpoint "
                + paths.checkpointFile()
                + " is empty (torn or truncated): the originals it held are unknown, so nothing is"
                + " written; restore it, or remove it to take the current values as originals");
      }
      stored = Checkpoint.parse(checkpoint.orElse(""));
      storedFile = fs.read(paths.persistFile()).orElse(null);
    } catch (IOException | IllegalArgumentException e) {
      return failedBookkeeping(
          paths.checkpointFile(), "cannot read the sysctl state: " + e.getMessage());
    }
    Map<String, String> persisted = PersistedFile.parse(storedFile);
    Map<String, LiveKey> live = readLive(desired, stored, persisted);
    Map<String, String> current = new LinkedHashMap<>();
    live.forEach(
        (k, v) -> {
          if (v.value() != null) {
            current.put(k, v.value());
          }
        });

    SysctlValidation validation = SysctlValidator.validate(desired, live);
    if (!validation.ok()) {
      LOG.warn("sysctl pass rejected: {}", validation.errors());
      return new SysctlReport(
          SysctlReport.Outcome.REJECTED,
          countApplied(desired, current, persisted),
          List.of(),
          List.of(),
          List.of(),
          validation.findings());
    }
    SysctlPlan plan = SysctlPlanner.plan(desired, current, stored, persisted);
    List<SysctlFinding> findings = new ArrayList<>(validation.findings());
    findings.addAll(plan.findings());
    plan.drifted()
        .forEach(
            k ->
                findings.add(
                    new SysctlFinding(
                        k,
                        SysctlReason.DRIFT_DETECTED,
                        "live value "
                            + current.get(k).strip()
                            + " differed from the applied one; re-applied")));

    if (!plan.checkpointBefore().equals(stored)) {
      try {
        store(paths.checkpointFile(), plan.checkpointBefore().render());
      } catch (IOException e) {
        findings.add(
            new SysctlFinding(
                firstKey(plan),
                SysctlReason.APPLY_FAILED,
                "cannot checkpoint originals in "
                    + paths.checkpointFile()
                    + ": "
                    + e.getMessage()));
        return failed(desired, current, persisted, plan, findings);
      }
    }

    List<SysctlWrite> done = new ArrayList<>();
    for (SysctlWrite w : plan.liveWrites()) {
      Optional<WriteError> error = writeAndVerify(w);
      if (error.isPresent()) {
        findings.add(
            new SysctlFinding(
                w.name(),
                SysctlReason.APPLY_FAILED,
                error.get().message()
                    + (done.isEmpty()
                        ? ""
                        : "; undid " + done.size() + " earlier write(s) of this pass")));
        if (error.get().changed()) {
          done.add(w); // the kernel holds some other value now: set it back too
        }
        undo(done, findings);
        return failed(desired, current, persisted, plan, findings);
      }
      done.add(w);
    }

    try {
      if (plan.persisted() == null) {
        if (fs.exists(paths.persistFile())) {
          fs.deleteDurably(paths.persistFile());
        }
      } else if (!plan.persisted().equals(storedFile)) {
        store(paths.persistFile(), plan.persisted());
      }
    } catch (IOException e) {
      findings.add(
          new SysctlFinding(
              firstKey(plan),
              SysctlReason.APPLY_FAILED,
              "cannot persist "
                  + paths.persistFile()
                  + ": "
                  + e.getMessage()
                  + "; undid the live writes"));
      undo(done, findings);
      return failed(desired, current, persisted, plan, findings);
    }

    if (!plan.checkpointAfter().equals(plan.checkpointBefore())) {
      try {
        store(paths.checkpointFile(), plan.checkpointAfter().render());
      } catch (IOException e) {
        // Harmless: released keys stay checkpointed and are released (as no-ops) by the next pass.
        LOG.warn("cannot drop released keys from {}: {}", paths.checkpointFile(), e.getMessage());
      }
    }
    List<String> written = plan.writes().stream().map(SysctlWrite::name).toList();
    List<String> restored = plan.restores().stream().map(SysctlWrite::name).toList();
    if (!written.isEmpty() || !restored.isEmpty()) {
      LOG.info(
          "sysctl pass applied: written {}, restored {}, drifted {}",
          written,
          restored,
          plan.drifted());
    }
    return new SysctlReport(
        SysctlReport.Outcome.APPLIED, desired.size(), written, restored, plan.drifted(), findings);
  }

  /**
   * Drift by local reads only: owned keys (persisted with their desired value) whose live value
   * differs now. Writes nothing.
   */
  public List<String> drift(List<DesiredSysctl> desired) {
    Map<String, String> persisted;
    try {
      persisted = PersistedFile.parse(fs.read(paths.persistFile()).orElse(null));
    } catch (IOException e) {
      return List.of();
    }
    List<String> drifted = new ArrayList<>();
    for (DesiredSysctl d : desired) {
      if (SysctlRules.checkName(d.name()).isEmpty()
          && SysctlKeys.sameValue(persisted.get(d.name()), d.value())) {
        String live = readLive(d.name()).value();
        if (live != null && !SysctlKeys.sameValue(live, d.value())) {
          drifted.add(d.name());
        }
      }
    }
    return drifted;
  }

  private Map<String, LiveKey> readLive(
      List<DesiredSysctl> desired, Checkpoint stored, Map<String, String> persisted) {
    Set<String> keys = new LinkedHashSet<>();
    desired.forEach(d -> keys.add(d.name()));
    keys.addAll(stored.originals().keySet());
    keys.addAll(persisted.keySet());
    Map<String, LiveKey> live = new LinkedHashMap<>();
    for (String k : keys) {
      if (SysctlRules.checkName(k).isEmpty()) {
        live.put(k, readLive(k));
      }
    }
    return live;
  }

  private LiveKey readLive(String name) {
    String path = SysctlKeys.path(paths.procSys(), name);
    if (!fs.exists(path)) {
      return LiveKey.missing(name);
    }
    String value;
    try {
      value = fs.read(path).orElse(null);
    } catch (IOException e) {
      value = null;
    }
    return new LiveKey(name, true, fs.isWritable(path), value);
  }

  /** A failed write; {@code changed} when the kernel took the write but holds another value. */
  private record WriteError(String message, boolean changed) {}

  /** Writes and reads back; an error when the write failed or the kernel holds another value. */
  private Optional<WriteError> writeAndVerify(SysctlWrite w) {
    String path = SysctlKeys.path(paths.procSys(), w.name());
    try {
      fs.write(path, w.value() + "\n");
    } catch (IOException e) {
      return Optional.of(
          new WriteError(
              "cannot write '" + w.value() + "' to " + path + ": " + e.getMessage(), false));
    }
    String back;
    try {
      back = fs.read(path).orElse(null);
    } catch (IOException e) {
      back = null;
    }
    if (!SysctlKeys.sameValue(back, w.value())) {
      return Optional.of(
          new WriteError(
              "wrote '"
                  + w.value()
                  + "' but the kernel reads back '"
                  + (back == null ? "" : back.strip())
                  + "'",
              true));
    }
    return Optional.empty();
  }

  /** Sets the given keys back to their value before the pass, last write first. */
  private void undo(List<SysctlWrite> done, List<SysctlFinding> findings) {
    for (int i = done.size() - 1; i >= 0; i--) {
      SysctlWrite w = done.get(i);
      if (w.before() == null) {
        continue;
      }
      try {
        fs.write(SysctlKeys.path(paths.procSys(), w.name()), w.before().strip() + "\n");
      } catch (IOException e) {
        findings.add(
            new SysctlFinding(
                w.name(),
                SysctlReason.APPLY_FAILED,
                "cannot undo: "
                    + w.name()
                    + " stays at the value of the failed pass: "
                    + e.getMessage()));
      }
    }
  }

  private void store(String path, String content) throws IOException {
    fs.createDirectories(SysctlPaths.parent(path));
    fs.writeAtomically(path, content);
  }

  private SysctlReport failed(
      List<DesiredSysctl> desired,
      Map<String, String> current,
      Map<String, String> persisted,
      SysctlPlan plan,
      List<SysctlFinding> findings) {
    LOG.warn("sysctl pass failed and was undone: {}", findings);
    return new SysctlReport(
        SysctlReport.Outcome.FAILED,
        countApplied(desired, current, persisted),
        List.of(),
        List.of(),
        plan.drifted(),
        findings);
  }

  private static SysctlReport failedBookkeeping(String name, String message) {
    return new SysctlReport(
        SysctlReport.Outcome.FAILED,
        0,
        List.of(),
        List.of(),
        List.of(),
        List.of(new SysctlFinding(name, SysctlReason.APPLY_FAILED, message)));
  }

  private static String firstKey(SysctlPlan plan) {
    return plan.liveWrites().stream().map(SysctlWrite::name).findFirst().orElse("sysctl");
  }

  /** Desired keys that were already live and persisted with the desired value before the pass. */
  private static int countApplied(
      List<DesiredSysctl> desired, Map<String, String> current, Map<String, String> persisted) {
    return (int)
        desired.stream()
            .filter(
                d ->
                    SysctlKeys.sameValue(current.get(d.name()), d.value())
                        && SysctlKeys.sameValue(persisted.get(d.name()), d.value()))
            .count();
  }
}
