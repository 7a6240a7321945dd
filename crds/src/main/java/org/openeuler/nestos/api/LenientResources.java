package org.openeuler.nestos.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openeuler.nestos.api.v1alpha1.NodeConfig;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.api.v1alpha1.RubikPolicy;

/**
 * Reading the project's custom resources so that one object never stops a reader: an object the
 * Java model cannot read (e.g. an integer beyond {@code int} that an older or hand-edited CRD
 * admitted) is read as a stand-in of the same class with its metadata, no spec, no status and the
 * in-memory annotation {@link Annotations#UNREADABLE} saying why. Without this, fabric8's informer
 * stops at the first such object (list or watch), and a restarted operator cannot start while it
 * exists (docs/operations.md, "An object the operator cannot read").
 *
 * <p>Readers use {@link #problem(HasMetadata)} to skip and report stand-ins. Clients get it through
 * {@link #serialization()}.
 */
public final class LenientResources {

  /** The kinds read leniently. */
  public static final Set<Class<? extends HasMetadata>> TYPES =
      Set.of(OSVersion.class, NodeConfig.class, RubikPolicy.class, NodeState.class);

  private static final int MAX_PROBLEM = 1024;

  private LenientResources() {}

  /** The Jackson module: wraps the deserializer of every type in {@link #TYPES}. */
  public static Module module() {
    SimpleModule module = new SimpleModule("nestos-lenient-resources");
    module.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public JsonDeserializer<?> modifyDeserializer(
              DeserializationConfig config, BeanDescription desc, JsonDeserializer<?> deser) {
            return TYPES.contains(desc.getBeanClass())
                ? new Lenient(deser, desc.getBeanClass())
                : deser;
          }
        });
    return module;
  }

  /** A fabric8 serialization with {@link #module()}: build clients with it. */
  public static KubernetesSerialization serialization() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(module());
    return new KubernetesSerialization(mapper, true);
  }

  /** Whether {@code serialization} reads the project's resources leniently. */
  public static boolean isLenient(KubernetesSerialization serialization) {
    String probe =
        "{\"apiVersion\":\"nestos.openeuler.org/v1alpha1\",\"kind\":\"OSVersion\","
            + "\"metadata\":{\"name\":\"probe\"},"
            + "\"spec\":{\"rollout\":{\"maxUnavailable\":4294967296}}}";
    try {
      return problem(serialization.unmarshal(probe, OSVersion.class)).isPresent();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Why {@code resource} is a stand-in for an object that could not be read; empty if it is not.
   */
  public static Optional<String> problem(HasMetadata resource) {
    if (resource == null || resource.getMetadata() == null) {
      return Optional.empty();
    }
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return Optional.ofNullable(
        annotations == null ? null : annotations.get(Annotations.UNREADABLE));
  }

  /** Reads through the wrapped deserializer; on any failure builds the stand-in. */
  private static final class Lenient extends DelegatingDeserializer {
    private final Class<?> type;

    Lenient(JsonDeserializer<?> delegate, Class<?> type) {
      super(delegate);
      this.type = type;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Lenient(delegate, type);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      TokenBuffer buffer = ctxt.bufferAsCopyOfValue(p);
      try (JsonParser copy = buffer.asParserOnFirstToken()) {
        return _delegatee.deserialize(copy, ctxt);
      } catch (IOException | RuntimeException e) {
        JsonNode tree;
        try (JsonParser again = buffer.asParserOnFirstToken()) {
          tree = ctxt.readTree(again);
        }
        return standIn(tree, ctxt, e);
      }
    }

    private Object standIn(JsonNode tree, DeserializationContext ctxt, Exception cause)
        throws IOException {
      HasMetadata out;
      try {
        out = (HasMetadata) type.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IOException("cannot create a stand-in " + type.getSimpleName(), e);
      }
      ObjectMeta meta;
      try {
        JsonNode m = tree.get("metadata");
        meta =
            m == null || m.isNull() ? new ObjectMeta() : ctxt.readTreeAsValue(m, ObjectMeta.class);
      } catch (IOException | RuntimeException e) {
        meta = new ObjectMeta();
        JsonNode m = tree.path("metadata");
        meta.setName(m.path("name").asText(null));
        meta.setNamespace(m.path("namespace").asText(null));
        meta.setUid(m.path("uid").asText(null));
        meta.setResourceVersion(m.path("resourceVersion").asText(null));
      }
      Map<String, String> annotations =
          meta.getAnnotations() == null
              ? new LinkedHashMap<>()
              : new LinkedHashMap<>(meta.getAnnotations());
      annotations.put(Annotations.UNREADABLE, describe(cause));
      meta.setAnnotations(annotations);
      out.setMetadata(meta);
      return out;
    }

    /** "spec.rollout.maxUnavailable: <what failed>" (Jackson's path and first message line). */
    private static String describe(Throwable e) {
      String where = "";
      String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof JsonMappingException m) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
          if (r.getFieldName() != null) {
            path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
          } else if (r.getIndex() >= 0) {
            path.append('[').append(r.getIndex()).append(']');
          }
        }
        where = path.length() == 0 ? "" : path + ": ";
        what = m.getOriginalMessage() == null ? what : m.getOriginalMessage();
      }
      String text = where + what;
      int nl = text.indexOf('\n');
      text = nl < 0 ? text : text.substring(0, nl);
      return text.length() <= MAX_PROBLEM ? text : text.substring(0, MAX_PROBLEM);
    }
  }
}
