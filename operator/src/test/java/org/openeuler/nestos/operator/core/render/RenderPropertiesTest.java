package org.openeuler.nestos.operator.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;

class RenderPropertiesTest {

  /** A cluster: nodes and CRs, names unique per kind. */
  record World(
      List<NodeInfo> nodes,
      List<OsVersionInput> osvs,
      List<NodeConfigInput> ncs,
      List<RubikPolicyInput> rps) {
    RenderInput input() {
      return new RenderInput(nodes, osvs, ncs, rps, Map.of());
    }
  }

  /**
   * What a node must become, compared semantically (sysctl keys unordered, values
   * whitespace-normalized).
   */
  record Material(
      String image,
      String owner,
      Object healthGate,
      List<String> kargs,
      Map<String, String> sysctls,
      RubikProfile rubik) {
    static Material of(NodeStateSpec s) {
      Map<String, String> sysctls = new TreeMap<>();
      s.sysctls().forEach(x -> sysctls.put(x.name(), SysctlMerge.normalize(x.value())));
      return new Material(
          s.osImage(),
          s.osVersionRef(),
          s.osVersionRef() == null ? null : s.healthGate(),
          s.kernelArguments().stream().map(OwnedKernelArgument::token).toList(),
          sysctls,
          s.rubikProfile());
    }
  }

  @Property(tries = 300)
  void renderIsDeterministicAndIndependentOfInputOrder(
      @ForAll("worlds") World w, @ForAll long seed) {
    Random rnd = new Random(seed);
    World shuffled =
        new World(
            shuffle(w.nodes(), rnd),
            shuffle(w.osvs(), rnd),
            shuffle(w.ncs(), rnd),
            shuffle(w.rps(), rnd));
    RenderResult a = NodeStateRenderer.render(w.input());
    assertThat(NodeStateRenderer.render(w.input())).isEqualTo(a);
    assertThat(NodeStateRenderer.render(shuffled.input())).isEqualTo(a);
  }

  @Property(tries = 300)
  void everyNodeGetsExactlyOneSpec(@ForAll("worlds") World w) {
    RenderResult r = NodeStateRenderer.render(w.input());
    assertThat(r.nodes().keySet())
        .containsExactlyInAnyOrderElementsOf(w.nodes().stream().map(NodeInfo::name).toList());
    r.nodes()
        .forEach(
            (name, n) -> {
              assertThat(n.spec().nodeName()).isEqualTo(name);
              assertThat(n.spec().revision()).matches("[0-9a-f]{16}");
            });
  }

  @Property(tries = 300)
  void revisionChangesIffTheRenderedDesiredStateChanges(
      @ForAll("worlds") World w1, @ForAll("worlds") World w2) {
    List<NodeInfo> nodes = w1.nodes();
    RenderResult a = NodeStateRenderer.render(w1.input());
    RenderResult b =
        NodeStateRenderer.render(new World(nodes, w2.osvs(), w2.ncs(), w2.rps()).input());
    for (NodeInfo n : nodes) {
      NodeStateSpec sa = a.nodes().get(n.name()).spec();
      NodeStateSpec sb = b.nodes().get(n.name()).spec();
      assertThat(sa.revision().equals(sb.revision()))
          .as(n.name())
          .isEqualTo(Material.of(sa).equals(Material.of(sb)));
    }
  }

  @Property(tries = 500)
  void revisionOfArbitraryStatesChangesIffTheyDiffer(
      @ForAll("kargs") List<String> k1,
      @ForAll("kargs") List<String> k2,
      @ForAll("sysctls") Map<String, String> s1,
      @ForAll("sysctls") Map<String, String> s2,
      @ForAll("images") String i1,
      @ForAll("images") String i2) {
    String r1 = Revision.of(i1, owned(k1), sysctls(s1), null);
    String r2 = Revision.of(i2, owned(k2), sysctls(s2), null);
    boolean same =
        java.util.Objects.equals(i1, i2)
            && k1.equals(k2)
            && new TreeMap<>(s1).equals(new TreeMap<>(s2));
    assertThat(r1.equals(r2)).isEqualTo(same);
  }

  private static List<OwnedKernelArgument> owned(List<String> tokens) {
    return tokens.stream().map(t -> new OwnedKernelArgument(t, List.of("NodeConfig/x"))).toList();
  }

  private static List<OwnedSysctl> sysctls(Map<String, String> m) {
    List<OwnedSysctl> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(new OwnedSysctl(k, v, List.of())));
    Collections.reverse(out);
    return out;
  }

  private static <T> List<T> shuffle(List<T> in, Random rnd) {
    List<T> out = new ArrayList<>(in);
    Collections.shuffle(out, rnd);
    return out;
  }

  @Provide
  Arbitrary<List<String>> kargs() {
    return Arbitraries.of(
            "quiet",
            "console=tty0",
            "console=ttyS0",
            "hugepages=1",
            "hugepages=2",
            "nosmt",
            "psi=0")
        .list()
        .ofMaxSize(3);
  }

  @Provide
  Arbitrary<Map<String, String>> sysctls() {
    return Arbitraries.maps(Arbitraries.of("vm.a", "vm.b", "net.c"), Arbitraries.of("1", "2"))
        .ofMaxSize(3);
  }

  @Provide
  Arbitrary<String> images() {
    return Arbitraries.of('a', 'b').map(Fx::image).injectNull(0.3);
  }

  private static Arbitrary<LabelSelector> selectors() {
    return Arbitraries.oneOf(
        Arbitraries.just(Fx.all()),
        Arbitraries.of("a", "b", "c").map(v -> Fx.sel("pool=" + v)),
        Arbitraries.of("1", "2").map(z -> Fx.expr("zone", "In", z)),
        Arbitraries.of("a", "b").map(v -> Fx.expr("pool", "NotIn", v)),
        Arbitraries.just(Fx.expr("zone", "DoesNotExist")));
  }

  @Provide
  Arbitrary<World> worlds() {
    Arbitrary<List<Map<String, String>>> nodeLabels =
        Combinators.combine(Arbitraries.of("a", "b", "c"), Arbitraries.of("1", "2", ""))
            .as(
                (p, z) ->
                    z.isEmpty() ? Fx.labels("pool=" + p) : Fx.labels("pool=" + p, "zone=" + z))
            .list()
            .ofMinSize(1)
            .ofMaxSize(6);
    Arbitrary<List<OsVersionInput>> osvs =
        Combinators.combine(Arbitraries.of('a', 'b', 'c'), selectors())
            .as(
                (img, s) ->
                    (java.util.function.IntFunction<OsVersionInput>) i -> Fx.osv("osv" + i, img, s))
            .list()
            .ofMaxSize(3)
            .map(RenderPropertiesTest::named);
    Arbitrary<List<NodeConfigInput>> ncs =
        Combinators.combine(Arbitraries.integers().between(-2, 2), selectors(), sysctls(), kargs())
            .as(
                (prio, s, sys, k) ->
                    (java.util.function.IntFunction<NodeConfigInput>)
                        i -> {
                          List<String> entries = new ArrayList<>();
                          sys.forEach((key, v) -> entries.add(key + "=" + v));
                          k.forEach(t -> entries.add("@" + t));
                          return Fx.nc("nc" + i, prio, s, entries.toArray(String[]::new));
                        })
            .list()
            .ofMaxSize(4)
            .map(RenderPropertiesTest::named);
    Arbitrary<List<RubikPolicyInput>> rps =
        Combinators.combine(
                Arbitraries.integers().between(-1, 1),
                Arbitraries.of(RubikPolicySpec.Mode.class),
                Arbitraries.of(RubikPolicySpec.Prerequisites.class),
                Arbitraries.of(true, false).list().ofSize(3),
                selectors())
            .as(
                (prio, mode, pre, f, s) ->
                    (java.util.function.IntFunction<RubikPolicyInput>)
                        i ->
                            Fx.rp(
                                "rp" + i,
                                prio,
                                mode,
                                pre,
                                Fx.features(f.get(0), f.get(1), f.get(2)),
                                s))
            .list()
            .ofMaxSize(3)
            .map(RenderPropertiesTest::named);
    return Combinators.combine(nodeLabels, osvs, ncs, rps)
        .as(
            (labels, o, n, r) ->
                new World(
                    IntStream.range(0, labels.size())
                        .mapToObj(i -> new NodeInfo("node" + i, "uid" + i, labels.get(i)))
                        .toList(),
                    o,
                    n,
                    r));
  }

  private static <T> List<T> named(List<java.util.function.IntFunction<T>> makers) {
    return IntStream.range(0, makers.size()).mapToObj(i -> makers.get(i).apply(i)).toList();
  }
}
