package org.openeuler.nestos.ostree.core.ref;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.openeuler.nestos.ostree.core.image.OciDigest;

/** print -> parse -> equal, for generated docker references and every transport form. */
class ReferenceRoundTripTest {

  @Property
  void dockerReferencesRoundTrip(@ForAll("dockerReferences") DockerReference ref) {
    assertThat(DockerReference.parse(ref.toString())).isEqualTo(ref);
    assertThat(DockerReference.parse(ref.familiarString())).isEqualTo(ref);
  }

  @Property
  void transportFormsRoundTrip(@ForAll("ostreeReferences") OstreeImageReference ref) {
    assertThat(OstreeImageReference.parse(ref.toString())).isEqualTo(ref);
  }

  @Provide
  Arbitrary<DockerReference> dockerReferences() {
    Arbitrary<String> label =
        Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> domain =
        Arbitraries.oneOf(
            Arbitraries.just("docker.io"),
            Arbitraries.just("localhost"),
            label.list().ofMinSize(2).ofMaxSize(3).map(l -> String.join(".", l)),
            Combinators.combine(label, Arbitraries.integers().between(1, 65535))
                .as((host, port) -> host + ".example:" + port));
    Arbitrary<String> separator = Arbitraries.of(".", "_", "__", "-", "--");
    Arbitrary<String> component =
        Combinators.combine(label, separator, label)
            .as((a, s, b) -> a + s + b)
            .injectDuplicates(0.1);
    Arbitrary<String> path =
        Arbitraries.oneOf(label, component)
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(parts -> String.join("/", parts));
    Arbitrary<String> tag =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars('_', '.', '-')
            .numeric()
            .ofMinLength(0)
            .ofMaxLength(20)
            .map(s -> "v" + s)
            .injectNull(0.4);
    Arbitrary<OciDigest> digest =
        Arbitraries.strings()
            .withChars("0123456789abcdef")
            .ofLength(64)
            .map(OciDigest::new)
            .injectNull(0.4);
    return Combinators.combine(domain, path, tag, digest).as(DockerReference::new);
  }

  @Provide
  Arbitrary<OstreeImageReference> ostreeReferences() {
    Arbitrary<SignatureSource> signature =
        Arbitraries.oneOf(
            Arbitraries.just(SignatureSource.UNVERIFIED),
            Arbitraries.just(SignatureSource.CONTAINER_POLICY),
            Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars('-', '.', '_')
                .ofMinLength(1)
                .ofMaxLength(10)
                .map(s -> SignatureSource.ostreeRemote("r" + s)));
    Arbitrary<ImageReference> registry = dockerReferences().map(ImageReference::registry);
    Arbitrary<ImageReference> local =
        Combinators.combine(
                Arbitraries.of(
                    List.of(
                        ImageTransport.OCI_DIR,
                        ImageTransport.OCI_ARCHIVE,
                        ImageTransport.CONTAINERS_STORAGE,
                        ImageTransport.DIR,
                        ImageTransport.DOCKER_DAEMON)),
                Arbitraries.strings()
                    .alpha()
                    .numeric()
                    .withChars('/', ':', '.', '-')
                    .ofMinLength(1)
                    .ofMaxLength(30))
            .as(ImageReference::new);
    return Combinators.combine(signature, Arbitraries.oneOf(registry, local))
        .as(OstreeImageReference::new);
  }
}
