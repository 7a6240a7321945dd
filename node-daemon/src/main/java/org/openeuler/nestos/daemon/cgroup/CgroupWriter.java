package org.openeuler.nestos.daemon.cgroup;

import static org.openeuler.nestos.daemon.core.cgroup.KernelFormat.cgroupOf;
import static org.openeuler.nestos.daemon.core.cgroup.KernelFormat.companions;
import static org.openeuler.nestos.daemon.core.cgroup.KernelFormat.matches;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openeuler.nestos.daemon.core.cgroup.CgroupApplyResult;
import org.openeuler.nestos.daemon.core.cgroup.CgroupApplyResult.Failure;
import org.openeuler.nestos.daemon.core.cgroup.CgroupApplyResult.Mismatch;
import org.openeuler.nestos.daemon.core.cgroup.CgroupApplyResult.Skipped;
import org.openeuler.nestos.daemon.core.cgroup.CgroupOriginals;
import org.openeuler.nestos.daemon.core.cgroup.CgroupOriginals.Original;
import org.openeuler.nestos.daemon.core.cgroup.CgroupRestoreResult;
import org.openeuler.nestos.daemon.core.cgroup.Drift;
import org.openeuler.nestos.daemon.host.HostFs;
import org.openeuler.nestos.rubik.core.plan.Backend;
import org.openeuler.nestos.rubik.core.plan.CgroupRestore;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies cgroup plans through {@link HostFs}: checkpoints each file's original (and the files a
 * write clobbers, see {@link org.openeuler.nestos.daemon.core.cgroup.KernelFormat#companions})
 * crash-safely before the first write, writes in the plan's order, reads back and compares as the
 * kernel prints, and restores originals. A failure stops only the rest of its pod and feature. The
 * only writer of its checkpoint file (one per node).
 */
public final class CgroupWriter {

  private static final Logger LOG = LoggerFactory.getLogger(CgroupWriter.class);
  static final String VANISHED = "cgroup vanished";

  private final HostFs fs;
  private final CheckpointStore store;
  private CgroupOriginals originals;

  public CgroupWriter(HostFs fs, CheckpointStore store) {
    this.fs = fs;
    this.store = store;
  }

  /** Applies a plan; never throws: every problem is in the result, per pod and feature. */
  public synchronized CgroupApplyResult apply(List<CgroupWrite> plan) {
    List<CgroupWrite> applied = new ArrayList<>();
    List<CgroupWrite> unchanged = new ArrayList<>();
    List<CgroupWrite> unsupported = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    List<Failure> failed = new ArrayList<>();
    List<Mismatch> mismatches = new ArrayList<>();
    CgroupOriginals cp;
    try {
      cp = originals();
    } catch (IOException e) {
      plan.stream()
          .filter(w -> w.backend() != Backend.UNSUPPORTED)
          .forEach(w -> failed.add(failure(w, "checkpoint unreadable: " + reason(e))));
      return new CgroupApplyResult(applied, unchanged, unsupported, skipped, failed, mismatches);
    }
    // 1. Read what is there now; record originals of files not checkpointed yet.
    List<CgroupWrite> toWrite = new ArrayList<>();
    Map<String, Original> fresh = new LinkedHashMap<>();
    for (CgroupWrite w : plan) {
      if (w.backend() == Backend.UNSUPPORTED || w.file() == null) {
        unsupported.add(w);
        continue;
      }
      try {
        Optional<String> now = fs.read(w.file());
        if (now.isEmpty()) {
          if (fs.exists(cgroupOf(w.file()))) {
            failed.add(failure(w, "no such cgroup file (the kernel lacks it)"));
          } else {
            skipped.add(new Skipped(w, VANISHED));
          }
          continue;
        }
        if (matches(w.file(), w.value(), now.get())) {
          unchanged.add(w);
          continue;
        }
        if (!cp.contains(w.file()) && !fresh.containsKey(w.file())) {
          for (String c : companions(w.file())) {
            Optional<String> cv =
                cp.contains(c) || fresh.containsKey(c) ? Optional.empty() : fs.read(c);
            cv.ifPresent(
                v ->
                    fresh.put(
                        c, new Original(w.podUid(), w.feature(), w.backend(), c, v.strip(), null)));
          }
          fresh.put(
              w.file(),
              new Original(
                  w.podUid(), w.feature(), w.backend(), w.file(), now.get().strip(), w.value()));
        }
        toWrite.add(w);
      } catch (IOException e) {
        failed.add(failure(w, "read failed: " + reason(e)));
      }
    }
    // 2. Persist the originals before the first write.
    if (!fresh.isEmpty()) {
      CgroupOriginals next = cp.with(fresh.values());
      try {
        store.add(cp, fresh.values());
        originals = next;
      } catch (IOException e) {
        toWrite.forEach(
            w -> failed.add(failure(w, "checkpoint not persisted, nothing written: " + reason(e))));
        return new CgroupApplyResult(applied, unchanged, unsupported, skipped, failed, mismatches);
      }
    }
    // 3. Write in order, read back.
    Set<String> failedGroups = new HashSet<>();
    for (CgroupWrite w : toWrite) {
      String group = w.podUid() + "/" + w.feature();
      if (failedGroups.contains(group)) {
        failed.add(failure(w, "not attempted: an earlier write of this pod and feature failed"));
        continue;
      }
      try {
        fs.write(w.file(), w.value());
      } catch (IOException e) {
        if (!fs.exists(cgroupOf(w.file()))) {
          skipped.add(new Skipped(w, VANISHED));
        } else {
          failed.add(failure(w, reason(e)));
          failedGroups.add(group);
        }
        continue;
      }
      Optional<String> back = readQuietly(w.file());
      if (back.isPresent() && matches(w.file(), w.value(), back.get())) {
        applied.add(w);
      } else {
        mismatches.add(new Mismatch(w, back.map(String::strip).orElse("<unreadable>")));
      }
    }
    CgroupApplyResult result =
        new CgroupApplyResult(applied, unchanged, unsupported, skipped, failed, mismatches);
    if (!result.ok()) {
      LOG.warn("cgroup pass: {}", result);
    }
    return result;
  }

  /** Restores every checkpointed file of a pod (pod went online, or its policy went away). */
  public synchronized CgroupRestoreResult restore(String podUid) throws IOException {
    return restore(podUid, null);
  }

  /**
   * Restores the given files of a pod (with the files they clobbered), in reverse order of
   * checkpointing. Restored and vanished files leave the checkpoint; refused ones stay (the pod
   * needs a restart, e.g. {@code cpu.qos_level}).
   */
  public synchronized CgroupRestoreResult restore(String podUid, Collection<String> files)
      throws IOException {
    CgroupOriginals cp = originals();
    Set<String> wanted = null;
    if (files != null) {
      wanted = new HashSet<>(files);
      for (String f : files) {
        wanted.addAll(companions(f));
      }
    }
    List<String> restored = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    List<Failure> failed = new ArrayList<>();
    for (Original o : cp.restoreOrder(podUid)) {
      if (wanted != null && !wanted.contains(o.file())) {
        continue;
      }
      Optional<String> now = fs.read(o.file());
      if (now.isEmpty()) {
        gone.add(o.file());
        continue;
      }
      if (matches(o.file(), o.value(), now.get())) {
        restored.add(o.file());
        continue;
      }
      try {
        fs.write(o.file(), o.value());
        Optional<String> back = readQuietly(o.file());
        if (back.isPresent() && matches(o.file(), o.value(), back.get())) {
          restored.add(o.file());
        } else {
          failed.add(
              new Failure(
                  podUid,
                  null,
                  o.file(),
                  "kernel prints "
                      + back.map(String::strip).orElse("nothing")
                      + " after restoring "
                      + o.value()));
        }
      } catch (IOException e) {
        if (fs.exists(cgroupOf(o.file()))) {
          failed.add(new Failure(podUid, null, o.file(), "restore refused: " + reason(e)));
        } else {
          gone.add(o.file());
        }
      }
    }
    forget(cp, restored, gone);
    return new CgroupRestoreResult(podUid, restored, gone, failed);
  }

  /**
   * Restores the planner's restores, per pod (with the files each clobbered); one result per pod.
   */
  public synchronized List<CgroupRestoreResult> restore(List<CgroupRestore> restores)
      throws IOException {
    Map<String, List<String>> byPod = new LinkedHashMap<>();
    restores.forEach(r -> byPod.computeIfAbsent(r.podUid(), k -> new ArrayList<>()).add(r.file()));
    List<CgroupRestoreResult> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : byPod.entrySet()) {
      out.add(restore(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** Drops the checkpoints of pods that are gone (the planner's {@code departedPods}). */
  public synchronized void forgetPods(Collection<String> podUids) throws IOException {
    CgroupOriginals cp = originals();
    CgroupOriginals next = cp.withoutPods(podUids);
    if (next.originals().size() != cp.originals().size()) {
      store.save(next);
      originals = next;
    }
  }

  /**
   * Pods the planner found departed (no longer on the node): their files are restored where the
   * cgroup still exists and dropped from the checkpoint where it is gone; a refused restore stays
   * until its cgroup goes. Never just forgets an original whose file still exists.
   */
  public synchronized List<CgroupRestoreResult> restoreDeparted(Collection<String> podUids)
      throws IOException {
    List<CgroupRestoreResult> out = new ArrayList<>();
    for (String pod : podUids) {
      CgroupRestoreResult r = restore(pod);
      if (!r.ok()) {
        LOG.debug("departed pod {}: {} files kept until their cgroup goes", pod, r.failed());
      }
      out.add(r);
    }
    return out;
  }

  /** Restores every pod in the checkpoint (the policy went away). */
  public synchronized List<CgroupRestoreResult> restoreAll() throws IOException {
    List<CgroupRestoreResult> out = new ArrayList<>();
    for (String pod : originals().pods()) {
      out.add(restore(pod));
    }
    return out;
  }

  /** Drops checkpoint entries whose cgroup is gone; returns how many. */
  public synchronized int forgetVanished() throws IOException {
    CgroupOriginals cp = originals();
    List<String> gone =
        cp.originals().stream().map(Original::file).filter(f -> !fs.exists(cgroupOf(f))).toList();
    forget(cp, List.of(), gone);
    return gone.size();
  }

  /**
   * Planned files that no longer hold their planned value, by local reads (absent files are not
   * drift).
   */
  public List<Drift> drifted(List<CgroupWrite> plan) {
    List<Drift> out = new ArrayList<>();
    for (CgroupWrite w : plan) {
      if (w.backend() == Backend.UNSUPPORTED || w.file() == null) {
        continue;
      }
      readQuietly(w.file())
          .filter(v -> !matches(w.file(), w.value(), v))
          .ifPresent(v -> out.add(new Drift(w, v.strip())));
    }
    return out;
  }

  /** The checkpoint as this writer knows it (loaded once from the host). */
  public synchronized CgroupOriginals originals() throws IOException {
    if (originals == null) {
      originals = store.load();
    }
    return originals;
  }

  private void forget(CgroupOriginals cp, List<String> restored, List<String> gone)
      throws IOException {
    if (restored.isEmpty() && gone.isEmpty()) {
      return;
    }
    List<String> drop = new ArrayList<>(restored);
    drop.addAll(gone);
    CgroupOriginals next = cp.without(drop);
    store.save(next);
    originals = next;
  }

  private Optional<String> readQuietly(String file) {
    try {
      return fs.read(file);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Failure failure(CgroupWrite w, String reason) {
    return new Failure(w.podUid(), w.feature(), w.file(), reason);
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
